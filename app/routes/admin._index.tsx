import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { setupProgress, type SetupProgress } from "../../db/queries/setup";
import { nowOf, requireUser } from "../auth.server";

export const meta: MetaFunction = () => [{ title: "Admin · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  return { progress: await setupProgress(args.context.database.db, nowOf(args.context)) };
}

const SECTIONS = [
  { to: "/admin/users", title: "Users", text: "Invite people, change roles, deactivate accounts and end their sessions." },
  { to: "/admin/settings", title: "Settings", text: "Sign-in rules for everyone, such as requiring two-factor sign-in." },
  { to: "/admin/audit", title: "Audit log", text: "Who did what, to which record, when and from where. Read-only." },
  { to: "/admin/evidence", title: "Evidence", text: "The key that signs the evidence, to publish, and the chain of sealed pulls." },
  { to: "/runs", title: "Runs", text: "Pulls from Interpol and other scheduled work: what ran, what it covered." },
  { to: "/admin/indicators", title: "Indicator rules", text: "Weights and keywords of the rules that flag notices for review; a new version rescores every notice." },
  { to: "/admin/deliveries", title: "Digest deliveries", text: "Each week's digest e-mails: sent, failed, retried; a preview of anyone's." },
  { to: "/admin/recipients", title: "Digest recipients", text: "Partners and funders who get the public digest without an account." },
];

export interface NextStep {
  to: string;
  title: string;
  done: boolean;
  /** What to do, while not done. */
  text: string;
}

/**
 * What a new installation still needs, shown where the first administrator lands after setup;
 * null (no panel) once a pull has brought notices in and a second person has an account.
 * (Importing cases joins this list when cases can be imported.)
 */
export function nextSteps(p: SetupProgress): NextStep[] | null {
  const pulled = p.completedPulls > 0;
  const colleagues = p.users > 1;
  if (pulled && colleagues) return null;
  return [
    {
      to: "/runs",
      title: "Start the first pull on Runs",
      done: pulled,
      text:
        p.lastRunStatus === "running"
          ? "A pull is running: follow it on Runs."
          : p.lastRunStatus === "failed"
            ? "The last pull failed: Runs says why; fix it and press “Pull now” again."
            : "Press “Pull now” to fetch Interpol’s public red notices; progress shows live, and later pulls follow the schedule.",
    },
    {
      to: "/admin/users",
      title: "Invite a colleague under Users",
      done: colleagues,
      text: p.pendingInvites
        ? `${p.pendingInvites.toLocaleString("en")} invitation${p.pendingInvites === 1 ? " is" : "s are"} waiting to be accepted.`
        : "Invite the people you work with as viewers, editors or administrators; each gets a one-time link.",
    },
  ];
}

function NextSteps({ steps }: { steps: NextStep[] }) {
  return (
    <section className="card next-steps" aria-labelledby="h-next-steps">
      <h2 id="h-next-steps">Next steps</h2>
      <ol>
        {steps.map((s) => (
          <li key={s.to}>
            <strong>
              <Link to={s.to}>{s.title}</Link>
            </strong>
            {s.done ? <span className="badge badge--ok">Done</span> : <p>{s.text}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function Admin() {
  const { progress } = useLoaderData<typeof loader>();
  const steps = nextSteps(progress);
  return (
    <>
      <h1>Admin</h1>
      <p className="lede">Users, settings, pulls and the audit log are managed here.</p>
      {steps ? <NextSteps steps={steps} /> : null}
      <div className="grid">
        {SECTIONS.map((s) => (
          <section className="card" key={s.to} aria-labelledby={`h-${s.title}`}>
            <h2 id={`h-${s.title}`}>
              <Link to={s.to}>{s.title}</Link>
            </h2>
            <p>{s.text}</p>
          </section>
        ))}
      </div>
    </>
  );
}
