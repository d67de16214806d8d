import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseExportResponse } from "../case-exports.server";

/** The cases of the current filter as FollowTheMoney entities, one JSON object per line. */
export const loader = (args: LoaderFunctionArgs) => caseExportResponse(args, "ftm");
