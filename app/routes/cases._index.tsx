import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Cases · Article 3" }];

export default function Cases() {
  return (
    <>
      <h1>Cases</h1>
      <div className="empty-state">
        <strong>Case tracking is not available yet.</strong>
        Recording cases (subject, requesting and host states, motives, tactics, timeline and outcomes) is the next
        part of Article 3 to be built.
      </div>
    </>
  );
}
