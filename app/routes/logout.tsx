import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { requireUser, signOut } from "../auth.server";

export const meta: MetaFunction = () => [{ title: "Sign out · Article 3" }];

/** GET never changes state: it shows a button (for links and pages without JavaScript). */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

/** Sign-out is a POST (from this site only: the origin check runs first). */
export async function action(args: ActionFunctionArgs) {
  return signOut(args);
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
