import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "../auth.server";

export const meta: MetaFunction = () => [{ title: "Cases · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

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
