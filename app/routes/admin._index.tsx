import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireUser } from "../auth.server";

export const meta: MetaFunction = () => [{ title: "Admin · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  return null;
}

const SECTIONS = [
  { to: "/admin/users", title: "Users", text: "Invite people, change roles, deactivate accounts and end their sessions." },
  { to: "/admin/settings", title: "Settings", text: "Sign-in rules for everyone, such as requiring two-factor sign-in." },
  { to: "/admin/audit", title: "Audit log", text: "Who did what, to which record, when and from where. Read-only." },
  { to: "/runs", title: "Runs", text: "Pulls from Interpol and other scheduled work: what ran, what it covered." },
];

export default function Admin() {
  return (
    <>
      <h1>Admin</h1>
      <p className="lede">Users, settings, pulls and the audit log are managed here.</p>
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
