import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseExportResponse } from "../case-exports.server";

/** The cases of the current filter as JSON, with their timelines, decisions, sources and linked notices. */
export const loader = (args: LoaderFunctionArgs) => caseExportResponse(args, "json");
