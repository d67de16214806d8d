export * from "./settings";
export * from "./notices";
export * from "./jobs";
export * from "./auth";
export * from "./feeds";
export * from "./cases";
export * from "./digest";
