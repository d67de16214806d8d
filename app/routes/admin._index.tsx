import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Admin · Article 3" }];

export default function Admin() {
  return (
    <>
      <h1>Admin</h1>
      <p className="lede">Users, settings, pulls and the audit log are managed here.</p>
    </>
  );
}
