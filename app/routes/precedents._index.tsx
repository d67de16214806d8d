import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Precedents · Article 3" }];

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
