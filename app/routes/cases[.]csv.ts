import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseExportResponse } from "../case-exports.server";

/** The cases of the current filter as CSV: the import's columns, so an admin's export imports back. */
export const loader = (args: LoaderFunctionArgs) => caseExportResponse(args, "csv");
