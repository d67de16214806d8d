import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { revokeSessionByToken } from "../../db/queries/sessions";
import { audit, clearCookie, nowOf, readCookie, requireUser, sessionCookieName } from "../auth.server";

export const meta: MetaFunction = () => [{ title: "Sign out · Article 3" }];

/** GET never changes state: it shows a button (for links and pages without JavaScript). */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = readCookie(request, sessionCookieName(context));
  if (token) {
    const ended = await revokeSessionByToken(context.database.db, token, "signed out", nowOf(context));
    if (ended) await audit(context, { actorId: ended.userId, action: "auth.sign_out", targetType: "user", targetId: ended.userId });
  }
  return redirect("/login", { headers: { "Set-Cookie": clearCookie(context) } });
}

export default function Logout() {
  return (
    <section aria-labelledby="logout-h">
      <h1 id="logout-h">Sign out</h1>
      <Form method="post" action="/logout">
        <button type="submit">Sign out</button>
      </Form>
    </section>
  );
}
