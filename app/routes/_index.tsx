import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "../auth.server";

// The dashboard is the first page after sign-in; "/" sends signed-in people there (and others to sign in).
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const search = new URL(args.request.url).search;
  return redirect(`/dashboard${search}`);
}
