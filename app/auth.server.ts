// Access control for every loader and action: who is signed in, and may they be here?
// Routes call requireUser / requireAuth (with an optional lowest role); hiding a link is never the protection.
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { parse as parseCookies, serialize as serializeCookie, type CookieSerializeOptions } from "cookie";
import { recordAudit } from "../db/queries/audit";
import { revokeFeedTokens } from "../db/queries/changes";
import {
  createSession,
  promotePendingSession,
  revokeSessionByToken,
  revokeUserSessions,
  validateSession,
  type SessionLimits,
  type SessionRow,
} from "../db/queries/sessions";
import { getSettings } from "../db/queries/settings";
import type { UserRow } from "../db/queries/users";
import { hasRole, type Role } from "../lib/roles";

export type { Role } from "../lib/roles";
export type SessionUser = { id: string; email: string; name: string; role: Role };

type Args = { request: Request; context: AppLoadContext };

/** The clock, replaceable in tests through `context.now`. */
export function nowOf(context: AppLoadContext): Date {
  return context.now?.() ?? new Date();
}

export function sessionLimits(context: AppLoadContext): SessionLimits {
  return { idleMinutes: context.env.SESSION_IDLE_MINUTES, maxHours: context.env.SESSION_MAX_HOURS };
}

function secure(context: AppLoadContext): boolean {
  return context.env.PUBLIC_URL?.startsWith("https://") ?? false;
}

export type SessionStage = "active" | "pending_totp";

// ---- Cookies: the only place that reads or writes them (through the `cookie` package) ----

/** `__Host-` binds the cookie to this exact origin over HTTPS (no Domain, Path=/, Secure). */
export function sessionCookieName(context: AppLoadContext, stage: SessionStage = "active"): string {
  const base = stage === "active" ? "a3_session" : "a3_pending";
  return secure(context) ? `__Host-${base}` : base;
}

function cookieOptions(context: AppLoadContext): CookieSerializeOptions {
  // No Max-Age: the browser forgets it when closed; the server enforces idle and absolute limits.
  return { path: "/", httpOnly: true, sameSite: "lax", secure: secure(context) };
}

function setSessionCookie(context: AppLoadContext, token: string, stage: SessionStage): string {
  return serializeCookie(sessionCookieName(context, stage), token, cookieOptions(context));
}

function expireSessionCookie(context: AppLoadContext, stage: SessionStage): string {
  return serializeCookie(sessionCookieName(context, stage), "", { ...cookieOptions(context), maxAge: 0 });
}

/** The session token the browser sent for `stage`, if any. */
export function sessionToken(request: Request, context: AppLoadContext, stage: SessionStage = "active"): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  return parseCookies(header)[sessionCookieName(context, stage)] ?? null;
}

export function toSessionUser(u: UserRow): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

export type Auth = { user: UserRow; session: SessionRow };

// One validation per request, however many helpers a loader calls (root's loader, the route's
// loader and its action each get their own Request object, so nothing leaks between them).
const authByRequest = new WeakMap<Request, Promise<Auth | null>>();

/** The signed-in user with their session row and the full user row (for pages that need more). */
export function getAuth({ request, context }: Args): Promise<Auth | null> {
  let auth = authByRequest.get(request);
  if (!auth) {
    const token = sessionToken(request, context);
    auth = token
      ? validateSession(context.database.db, token, { now: nowOf(context), limits: sessionLimits(context) })
      : Promise.resolve(null);
    authByRequest.set(request, auth);
  }
  return auth;
}

export async function getOptionalUser(args: Args): Promise<SessionUser | null> {
  const auth = await getAuth(args);
  return auth ? toSessionUser(auth.user) : null;
}

/** Resolves redirect targets; any fixed origin works, since only same-origin targets survive. */
const INTERNAL_ORIGIN = "http://article3.invalid";

/**
 * Where to send someone after sign-in: a path on this site, never another one. The target is
 * parsed as a browser would (which drops tabs and newlines and reads `\` as `/`), must keep
 * our origin, and comes back as the parsed path, query and fragment: percent-encoded ASCII,
 * so it is always a valid, single-line Location header.
 */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
  origin: string = INTERNAL_ORIGIN,
): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  let url: URL;
  try {
    url = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  const target = url.pathname + url.search + url.hash;
  // A path that itself starts with // (e.g. from "/x/..//evil.example") reads as another host.
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}

/** `safeRedirect` against the origin of the request itself. */
function safeTarget(request: Request, to: FormDataEntryValue | string | null | undefined): string {
  return safeRedirect(to, "/", new URL(request.url).origin);
}

/** Pages a user who must still set up two-factor may reach. */
const ENROLMENT_PATHS = new Set(["/profile/two-factor", "/logout"]);

export interface RequireOptions {
  /** The lowest role allowed; roles include the ones below them (admin ⊇ editor ⊇ viewer). */
  role?: Role;
}

/**
 * Signed in (else a redirect to sign-in that comes back here), two-factor set up when required,
 * and at least `role` (else 403). The one access helper every loader and action calls.
 */
export async function requireAuth(args: Args, opts: RequireOptions = {}): Promise<Auth> {
  const auth = await getAuth(args);
  const url = new URL(args.request.url);
  if (!auth) {
    const back = url.pathname + url.search;
    const headers = sessionToken(args.request, args.context)
      ? { "Set-Cookie": expireSessionCookie(args.context, "active") }
      : undefined;
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`, { headers });
  }
  if (auth.user.totpSecret === null && !ENROLMENT_PATHS.has(url.pathname)) {
    const settings = await getSettings(args.context.database.db);
    if (settings.requireTwoFactor) throw redirect("/profile/two-factor?required=1");
  }
  if (opts.role && !hasRole(auth.user.role, opts.role)) throw new Response("Forbidden", { status: 403 });
  return auth;
}

/** `requireAuth`, returning what pages may know of the user. */
export async function requireUser(args: Args, opts: RequireOptions = {}): Promise<SessionUser> {
  return toSessionUser((await requireAuth(args, opts)).user);
}

// ---- Starting and ending sessions: routes get Responses, never cookie strings ----

/** A new session for `userId`: its Set-Cookie header value. Sign-in always makes a new one. */
export async function startSession({ request, context }: Args, userId: string, stage: SessionStage = "active"): Promise<string> {
  const { token } = await createSession(context.database.db, {
    userId,
    stage,
    ip: context.ip,
    userAgent: request.headers.get("user-agent") ?? undefined,
    now: nowOf(context),
    limits: sessionLimits(context),
  });
  return setSessionCookie(context, token, stage);
}

/** Signed in: a fresh session, then on to `to` (if it is a path on this site). */
export async function redirectWithSession(args: Args, userId: string, to?: string | null): Promise<Response> {
  const cookie = await startSession(args, userId);
  return redirect(safeTarget(args.request, to), { headers: { "Set-Cookie": cookie } });
}

/** Password right, code pending: a half-way session that grants nothing, and back to the code step. */
export async function redirectToSecondFactor(args: Args, userId: string, to?: string | null): Promise<Response> {
  const cookie = await startSession(args, userId, "pending_totp");
  const back = safeTarget(args.request, to);
  return redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`, { headers: { "Set-Cookie": cookie } });
}

/** The half-way sign-in this browser is in, if it is still valid. */
export function getPendingSignIn({ request, context }: Args) {
  const token = sessionToken(request, context, "pending_totp");
  if (!token) return Promise.resolve(null);
  return validateSession(context.database.db, token, {
    now: nowOf(context),
    limits: sessionLimits(context),
    stage: "pending_totp",
  });
}

/** Second factor given: the pending session dies, a new active one starts, on to `to`. */
export async function completeSecondFactor(args: Args, pending: SessionRow, to?: string | null): Promise<Response> {
  const { token } = await promotePendingSession(args.context.database.db, pending, {
    now: nowOf(args.context),
    limits: sessionLimits(args.context),
  });
  const headers = new Headers();
  headers.append("Set-Cookie", expireSessionCookie(args.context, "pending_totp"));
  headers.append("Set-Cookie", setSessionCookie(args.context, token, "active"));
  return redirect(safeTarget(args.request, to), { headers });
}

/** Abandons a half-way sign-in: ends its session and returns headers that drop its cookie. */
export async function endPendingSignIn({ request, context }: Args): Promise<Headers> {
  const token = sessionToken(request, context, "pending_totp");
  if (token) await revokeSessionByToken(context.database.db, token, "sign-in abandoned", nowOf(context));
  return new Headers({ "Set-Cookie": expireSessionCookie(context, "pending_totp") });
}

/** Sign-out: this session ends at once (others stay), the cookie goes, back to sign-in. */
export async function signOut(args: Args): Promise<Response> {
  const { request, context } = args;
  const token = sessionToken(request, context);
  if (token) {
    const ended = await revokeSessionByToken(context.database.db, token, "signed out", nowOf(context));
    if (ended) await audit(context, { actorId: ended.userId, action: "auth.sign_out", targetType: "user", targetId: ended.userId });
  }
  return redirect("/login", { headers: { "Set-Cookie": expireSessionCookie(context, "active") } });
}

/**
 * Ends every way a user's old credentials reach the data: all sessions and the feed link of
 * changes (a token in a feed reader's URL). On a password change, deactivation and reactivation.
 * Returns how many sessions ended.
 */
export async function endAllAccess(context: AppLoadContext, userId: string, reason: string): Promise<number> {
  const db = context.database.db;
  const ended = await revokeUserSessions(db, userId, reason, nowOf(context));
  await revokeFeedTokens(db, userId);
  return ended;
}

/** Audit entry stamped with the request's address. */
export function audit(
  context: AppLoadContext,
  entry: { actorId: string | null; action: string; targetType?: string; targetId?: string; details?: Record<string, unknown> },
) {
  return recordAudit(context.database.db, { ...entry, ip: context.ip });
}
