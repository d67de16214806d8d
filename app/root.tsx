import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { unreadNotificationCount } from "../db/queries/notifications";
import { getOptionalUser } from "./auth.server";
import { useNonce } from "./nonce";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Article 3" },
  { name: "description", content: "Monitoring the abuse of Interpol red notices" },
];

/** Who is signed in, for the header only. Every route checks access itself on the server. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await getOptionalUser(args);
  // The bell: unread notifications (about notices linked to followed cases).
  const unread = user ? await unreadNotificationCount(args.context.database.db, user.id) : 0;
  return { user: user ? { name: user.name, role: user.role, unread } : null };
}

const NAV = [
  { to: "/dashboard", label: "Dashboard", end: true },
  { to: "/notices", label: "Notices" },
  { to: "/review", label: "Review" },
  { to: "/cases", label: "Cases" },
  { to: "/precedents", label: "Precedents" },
  { to: "/digest", label: "My digest" },
  { to: "/admin", label: "Admin", adminOnly: true },
];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Absent when the root loader itself failed; the header then shows no user.
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <a href="/" className="brand" aria-label="Article 3, home">
              <span className="brand__mark" aria-hidden="true">
                A3
              </span>
              <span className="brand__name">Article 3</span>
            </a>
            {user ? (
              <nav aria-label="Main">
                <ul className="nav">
                  {NAV.filter((item) => !item.adminOnly || user.role === "admin").map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} end={item.end} prefetch="intent">
                        {item.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            <div className="header-user">
              {user ? (
                <>
                  <NavLink to="/notifications" className="bell" aria-label={`Notifications: ${user.unread ?? 0} unread`}>
                    <span aria-hidden="true">🔔</span>
                    {user.unread ? <span className="bell__count">{user.unread > 99 ? "99+" : user.unread}</span> : null}
                  </NavLink>
                  <NavLink to="/profile" title={`Signed in as ${user.name} (${user.role})`}>
                    {user.name}
                  </NavLink>
                  <Form method="post" action="/logout">
                    <button type="submit" className="linklike">
                      Sign out
                    </button>
                  </Form>
                </>
              ) : (
                <NavLink to="/login">Sign in</NavLink>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="main">
          {children}
        </main>
        <footer className="site-footer">
          <p>
            Article 3 — named after Article 3 of Interpol&rsquo;s Constitution, which forbids any intervention of a
            political, military, religious or racial character.
          </p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Error and not-found pages: a status and plain words, never the error itself. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const messages: Record<number, [string, string]> = {
      400: ["Bad request", "The request could not be understood. Check the address or the form and try again."],
      403: ["Not allowed", "Your account does not have access to this page. Ask an administrator if you need it."],
      404: ["Page not found", "There is nothing at this address. It may have moved, or the link may be mistyped."],
      405: ["Not allowed", "That kind of request is not accepted here."],
      429: ["Too many requests", "Please wait a moment and try again."],
    };
    const [title, generic] = messages[error.status] ?? ["Something went wrong", "The request could not be completed."];
    // Routes may say what exactly was wrong (app/forms.ts badRequest): `{ message }`.
    const said = (error.data as { message?: unknown } | null)?.message;
    const text = typeof said === "string" && said ? said : generic;
    return (
      <section className="error-page" aria-labelledby="error-title">
        <p className="error-page__code">{error.status}</p>
        <h1 id="error-title">{title}</h1>
        <p>{text}</p>
        <p>
          <a href="/">Back to the dashboard</a>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__code">500</p>
      <h1 id="error-title">Something went wrong</h1>
      <p>An unexpected error occurred. It has been logged; please try again in a moment.</p>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </section>
  );
}
