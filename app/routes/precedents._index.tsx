import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "../auth.server";

export const meta: MetaFunction = () => [{ title: "Precedents · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export default function Precedents() {
  return (
    <>
      <h1>Precedents</h1>
      <div className="empty-state">
        <strong>Precedent search is not available yet.</strong>
        Court and CCF decisions, searchable by requesting state, forum and grounds, will appear here.
      </div>
    </>
  );
}
