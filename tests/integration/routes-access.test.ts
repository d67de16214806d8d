// Walks every route in the app (enumerated from app/routes the way flatRoutes does) as
// anonymous, viewer, editor and admin, calling its loader and action, and checks the outcome
// against the table below. A route without a row fails the test: every new route needs a
// decision about who may use it.
import path from "node:path";
import { UNSAFE_flatRoutes } from "@remix-run/dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../db/queries/invites";
import { createSetupToken } from "../../db/queries/invites";
import type { UserRow } from "../../db/queries/users";
import { callAction, callLoader, createUserWithSession, sessionCookieFor, type Outcome } from "../support/auth";
import { createTestDatabase, type TestDatabase } from "../support/db";

/** "page": 2xx. "login": redirect to sign-in. "redirect": any other redirect. Numbers: that status. */
type Expect = "page" | "login" | "redirect" | 400 | 403 | 404 | 405;
type PerRole = [anonymous: Expect, viewer: Expect, editor: Expect, admin: Expect];
interface Fixtures {
  viewer: UserRow;
  editor: UserRow;
  admin: UserRow;
  inviteToken: string;
  setupToken: string;
}
interface Row {
  loader: PerRole;
  /** Required when the route exports an action; it is called with an empty form. */
  action?: PerRole;
  params?: (f: Fixtures) => Record<string, string>;
}

const P = "page", L = "login", R = "redirect";

// One line per route:                  anonymous  viewer  editor  admin
const ROUTES: Record<string, Row> = {
  root:                                   { loader: [P, P, P, P] },
  "routes/$":                             { loader: [404, 404, 404, 404], params: () => ({ "*": "no/such/page" }) },
  "routes/healthz":                       { loader: [P, P, P, P] },
  // Signed-in people land on the dashboard.
  "routes/_index":                        { loader: [L, R, R, R] },
  "routes/dashboard":                     { loader: [L, P, P, P] },
  "routes/dashboard.$chart[.]csv":        { loader: [L, P, P, P], params: () => ({ chart: "cases-by-motive" }) },
  "routes/cases._index":                  { loader: [L, P, P, P] },
  // Track (issue 9): signed-in users read and export; editors write; an unknown reference is 404 for all.
  "routes/cases.new":                     { loader: [L, 403, P, P], action: [L, 403, 400, 400] },
  "routes/cases.import":                  { loader: [L, 403, P, P], action: [L, 403, 400, 400] },
  "routes/cases[.]csv":                   { loader: [L, P, P, P] },
  "routes/cases[.]json":                  { loader: [L, P, P, P] },
  "routes/cases[.]ftm[.]json":            { loader: [L, P, P, P] },
  "routes/cases.$reference._index":       { loader: [L, 404, 404, 404], action: [L, 404, 404, 404], params: () => ({ reference: "A3-2099-0001" }) },
  "routes/cases.$reference.edit":         { loader: [L, 403, 404, 404], action: [L, 403, 400, 400], params: () => ({ reference: "A3-2099-0001" }) },
  "routes/cases.$reference.record":       { loader: [L, 403, 400, 400], action: [L, 403, 400, 400], params: () => ({ reference: "A3-2099-0001" }) },
  "routes/notifications._index":          { loader: [L, P, P, P], action: [L, R, R, R] },
  "routes/precedents._index":             { loader: [L, P, P, P] },
  // Precedents (issue 10): read by any signed-in user; written by editors; unknown ids 404.
  "routes/precedents[.]csv":              { loader: [L, P, P, P] },
  "routes/decisions.$id":                 { loader: [L, 404, 404, 404], action: [L, 403, 400, 400], params: () => ({ id: "999999" }) },
  "routes/decisions.$id.edit":            { loader: [L, 403, 404, 404], action: [L, 403, 400, 400], params: () => ({ id: "999999" }) },
  "routes/decisions.new":                 { loader: [L, 403, P, P], action: [L, 403, 400, 400] },
  "routes/decisions.import":              { loader: [L, 403, P, P], action: [L, 403, 400, 400] },
  "routes/login":                         { loader: [P, R, R, R], action: [400, 400, 400, 400] },
  "routes/logout":                        { loader: [L, P, P, P], action: [L, L, L, L] },
  // Setup links die once any user exists (the walk's users do).
  "routes/setup.$token":                  { loader: [404, 404, 404, 404], action: [404, 404, 404, 404], params: (f) => ({ token: f.setupToken }) },
  "routes/invite.$token":                 { loader: [P, P, P, P], action: [400, 400, 400, 400], params: (f) => ({ token: f.inviteToken }) },
  "routes/profile._index":                { loader: [L, P, P, P], action: [L, 400, 400, 400] },
  "routes/profile.two-factor":            { loader: [L, P, P, P], action: [L, 400, 400, 400] },
  "routes/admin._index":                  { loader: [L, 403, 403, P] },
  "routes/admin.users._index":            { loader: [L, 403, 403, P], action: [L, 403, 403, 400] },
  "routes/admin.users.$id":               { loader: [L, 403, 403, P], action: [L, 403, 403, 400], params: (f) => ({ id: f.viewer.id }) },
  "routes/admin.settings":                { loader: [L, 403, 403, P], action: [L, 403, 403, 400] },
  "routes/admin.audit":                   { loader: [L, 403, 403, P] },
  "routes/admin.evidence":                { loader: [L, 403, 403, P] },
  "routes/admin.indicators":              { loader: [L, 403, 403, P], action: [L, 403, 403, 400] },
  // The digest (issue 13): My digest for everyone signed in; deliveries and recipients for admins.
  "routes/digest":                        { loader: [L, P, P, P], action: [L, 400, 400, 400] },
  "routes/admin.deliveries._index":       { loader: [L, 403, 403, P], action: [L, 403, 403, 400] },
  "routes/admin.deliveries.$id":          { loader: [L, 403, 403, 404], params: () => ({ id: "999999" }) },
  "routes/admin.recipients":              { loader: [L, 403, 403, P], action: [L, 403, 403, 400] },
  // Unsubscribe links need no sign-in; a token that is not ours is refused the same for everyone.
  "routes/unsubscribe.$token":            { loader: [404, 404, 404, 404], action: [404, 404, 404, 404], params: () => ({ token: "forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }) },
  // Notices (the lead's issue 4): public data, but only for signed-in users. Unknown ids 404.
  "routes/notices._index":                { loader: [L, P, P, P] },
  "routes/notices[.]csv":                 { loader: [L, P, P, P] },
  "routes/notices.$id":                   { loader: [L, 404, 404, 404], params: () => ({ id: "2099-00001" }) },
  "routes/notices.$id.captures.$captureId": { loader: [L, 404, 404, 404], params: () => ({ id: "2099-00001", captureId: "1" }) },
  "routes/notices.$id.photos.$pictureId": { loader: [L, 404, 404, 404], params: () => ({ id: "2099-00001", pictureId: "1" }) },
  "routes/notices.$id.evidence[.]zip":    { loader: [L, 404, 404, 404], params: () => ({ id: "2099-00001" }) },
  "routes/changes._index":                { loader: [L, P, P, P], action: [L, 400, 400, 400] },
  // The feed authenticates by a per-user token in the URL; without one it is not there.
  "routes/changes[.]atom":                { loader: [404, 404, 404, 404] },
  "routes/runs._index":                   { loader: [L, P, P, P], action: [L, 403, 403, 400] },
  "routes/runs.$id":                      { loader: [L, 404, 404, 404], params: () => ({ id: "999999" }) },
  // Indicators (issue 12): everyone signed in reads the review queue; editors decide.
  "routes/review._index":                 { loader: [L, P, P, P], action: [L, 403, 400, 400] },
};

const APP = path.resolve("app");
const ROLES = ["anonymous", "viewer", "editor", "admin"] as const;

/** The app's route tree: root plus every file route, as Remix builds it. */
function routeTree(): { id: string; file: string; path?: string }[] {
  const manifest = UNSAFE_flatRoutes(APP, [], "routes");
  return [{ id: "root", file: "root.tsx" }, ...Object.values(manifest).map((r) => ({ id: r.id, file: r.file, path: r.path }))];
}

/** A URL for the route: its path with params filled in (used for redirectTo and logging). */
function urlFor(routePath: string | undefined, params: Record<string, string>): string {
  if (routePath === undefined) return "/";
  return "/" + routePath.replace(/:(\w+)/g, (_, k: string) => params[k] ?? "x").replace(/\*$/, params["*"] ?? "");
}

function classify(o: Outcome): Expect | number {
  if (o.status >= 300 && o.status < 400) return o.location?.startsWith("/login") ? "login" : "redirect";
  if (o.status >= 200 && o.status < 300) return "page";
  return o.status;
}

let database: TestDatabase;
let fixtures: Fixtures;

beforeAll(async () => {
  database = await createTestDatabase();
  const [viewer, editor, admin] = await Promise.all(
    (["viewer", "editor", "admin"] as const).map(async (r) => (await createUserWithSession(database, r)).user),
  );
  const { token: inviteToken } = await createInvite(database.db, { email: "invitee@example.org", role: "viewer", createdBy: admin!.id, now: new Date() });
  const { token: setupToken } = await createSetupToken(database.db, new Date());
  fixtures = { viewer: viewer!, editor: editor!, admin: admin!, inviteToken, setupToken };
});
afterAll(() => database?.close());

describe(`every route, as every role (${process.env.A3_TEST_DB ?? "pglite"})`, () => {
  const tree = routeTree();

  it("has a decision in the table for every route, and no row for a route that is gone", () => {
    const ids = new Set(tree.map((r) => r.id));
    const missing = [...ids].filter((id) => !(id in ROUTES));
    const stale = Object.keys(ROUTES).filter((id) => !ids.has(id));
    expect(missing, `Add a row to ROUTES in ${path.relative(process.cwd(), import.meta.filename)} for: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `Remove rows for routes that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  for (const route of tree) {
    it(`${route.id} gives each role what the table says`, async () => {
      const row = ROUTES[route.id];
      if (!row) return; // reported by the test above
      const mod = (await import(path.join(APP, route.file))) as { loader?: (a: never) => unknown; action?: (a: never) => unknown };
      const params = row.params?.(fixtures) ?? {};
      const url = urlFor(route.path, params);
      if (mod.action && !row.action) throw new Error(`${route.id} has an action: add an "action" entry to its row`);
      if (!mod.action && row.action) throw new Error(`${route.id} has no action: remove its "action" entry`);

      const got: Record<string, unknown> = {};
      const want: Record<string, unknown> = {};
      for (const [i, role] of ROLES.entries()) {
        const cookie = role === "anonymous" ? undefined : await sessionCookieFor(database, fixtures[role].id);
        // A route without a loader renders for anyone.
        got[`loader ${role}`] = mod.loader ? classify(await callLoader(mod.loader, { database, path: url, params, cookie })) : "page";
        want[`loader ${role}`] = row.loader[i];
        if (mod.action && row.action) {
          const actionCookie = role === "anonymous" ? undefined : await sessionCookieFor(database, fixtures[role].id);
          got[`action ${role}`] = classify(await callAction(mod.action, { database, path: url, params, cookie: actionCookie, form: {} }));
          want[`action ${role}`] = row.action[i];
        }
      }
      expect(got, `${route.id} at ${url}`).toEqual(want);
    });
  }
});
