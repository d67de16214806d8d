import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listNotifications, markNotificationsRead } from "../../db/queries/notifications";
import { requireUser } from "../auth.server";
import { When } from "../components/When";
import { readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Notifications · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return { notifications: await listNotifications(args.context.database.db, user.id, { limit: 200 }) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  await readForm(args.request);
  await markNotificationsRead(args.context.database.db, user.id);
  return redirect("/notifications");
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <>
      <h1>Notifications</h1>
      <p className="muted">When a notice linked to a case you follow changes, is removed or reappears, it shows here (and in the weekly digest).</p>
      {unread ? (
        <Form method="post">
          <button type="submit" className="secondary">
            Mark all {unread} as read
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? (
        <div className="empty-state">
          <strong>Nothing yet.</strong>
          Follow a case (the Follow button on its page) to hear when its linked notices change.
        </div>
      ) : (
        <ul>
          {notifications.map((n) => (
            <li key={n.id}>
              {n.readAt ? null : <strong>New: </strong>}
              {n.reference ? <Link to={`/cases/${n.reference}`}>{n.title}</Link> : n.title} <span className="muted">(<When value={n.createdAt} />)</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
