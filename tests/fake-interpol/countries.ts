// The fake serves the same country list the product knows.
export * from "../../lib/countries";
