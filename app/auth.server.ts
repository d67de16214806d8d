// Access control for every loader and action: who is signed in, and may they be here?
// Routes call requireUser / requireAuth (with an optional lowest role); hiding a link is never the protection.
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { recordAudit } from "../db/queries/audit";
import { createSession, validateSession, type SessionLimits, type SessionRow } from "../db/queries/sessions";
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

/** `__Host-` binds the cookie to this exact origin over HTTPS (no Domain, Path=/, Secure). */
export function sessionCookieName(context: AppLoadContext, stage: "active" | "pending_totp" = "active"): string {
  const base = stage === "active" ? "a3_session" : "a3_pending";
  return secure(context) ? `__Host-${base}` : base;
}

export function sessionCookie(context: AppLoadContext, token: string, stage: "active" | "pending_totp" = "active"): string {
  // No Max-Age: the browser forgets it when closed; the server enforces idle and absolute limits.
  return `${sessionCookieName(context, stage)}=${token}; Path=/; HttpOnly; SameSite=Lax${secure(context) ? "; Secure" : ""}`;
}

export function clearCookie(context: AppLoadContext, stage: "active" | "pending_totp" = "active"): string {
  return `${sessionCookieName(context, stage)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure(context) ? "; Secure" : ""}`;
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
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
    const token = readCookie(request, sessionCookieName(context));
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

/** Only same-site paths, so a crafted link cannot send someone elsewhere after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
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
    const headers = readCookie(args.request, sessionCookieName(args.context))
      ? { "Set-Cookie": clearCookie(args.context) }
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

/** A new session for `userId`: its Set-Cookie header value. Sign-in always makes a new one. */
export async function startSession(
  { request, context }: Args,
  userId: string,
  stage: "active" | "pending_totp" = "active",
): Promise<string> {
  const { token } = await createSession(context.database.db, {
    userId,
    stage,
    ip: context.ip,
    userAgent: request.headers.get("user-agent") ?? undefined,
    now: nowOf(context),
    limits: sessionLimits(context),
  });
  return sessionCookie(context, token, stage);
}

/** Audit entry stamped with the request's address. */
export function audit(
  context: AppLoadContext,
  entry: { actorId: string | null; action: string; targetType?: string; targetId?: string; details?: Record<string, unknown> },
) {
  return recordAudit(context.database.db, { ...entry, ip: context.ip });
}
