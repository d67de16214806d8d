import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ROLES } from "../../lib/roles";

const ts = () => timestamp({ withTimezone: true });

/** People who may sign in. Never deleted: deactivation keeps the audit trail meaningful. */
export const users = pgTable(
  "users",
  {
    id: text().primaryKey(),
    /** Stored lower-cased and trimmed; the unique index makes sign-in lookups exact. */
    email: text().notNull().unique(),
    name: text().notNull(),
    role: text({ enum: ROLES }).notNull(),
    passwordHash: text().notNull(),
    active: boolean().notNull().default(true),
    /** Base32 TOTP secret once two-factor is confirmed; null when off. */
    totpSecret: text(),
    /** Secret shown during enrolment, confirmed by a first code before it becomes totpSecret. */
    totpPendingSecret: text(),
    /** Highest 30-second step already accepted: a code is usable once, and never an older one. */
    totpLastStep: bigint({ mode: "number" }),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
    lastSignInAt: ts(),
  },
);

/**
 * Server-side sessions. The cookie carries a random 256-bit token; only its SHA-256 is kept,
 * so a copy of this table cannot be replayed. `id` is a separate public handle for admin pages.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    tokenHash: text().notNull().unique(),
    userId: text()
      .notNull()
      .references(() => users.id),
    /** "pending_totp" after a correct password, until the second factor is given. */
    stage: text({ enum: ["active", "pending_totp"] }).notNull().default("active"),
    createdAt: ts().notNull().defaultNow(),
    lastSeenAt: ts().notNull().defaultNow(),
    /** Absolute end of life, fixed at creation. */
    expiresAt: ts().notNull(),
    revokedAt: ts(),
    revokedReason: text(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index().on(t.userId)],
);

/** Single-use, expiring invitations created by admins. */
export const invites = pgTable("invites", {
  id: text().primaryKey(),
  tokenHash: text().notNull().unique(),
  email: text().notNull(),
  role: text({ enum: ROLES }).notNull(),
  createdBy: text().references(() => users.id),
  createdAt: ts().notNull().defaultNow(),
  expiresAt: ts().notNull(),
  usedAt: ts(),
  usedBy: text().references(() => users.id),
  revokedAt: ts(),
});

/** First-run links for creating the first administrator; only the hash is stored. */
export const setupTokens = pgTable("setup_tokens", {
  id: text().primaryKey(),
  tokenHash: text().notNull().unique(),
  createdAt: ts().notNull().defaultNow(),
  expiresAt: ts().notNull(),
  usedAt: ts(),
});

/**
 * Append-only record of who did what, to which record, when and from where. The code has
 * no update or delete path for this table (a test checks the query module's exports).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: ts().notNull().defaultNow(),
    actorId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    ip: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index().on(t.at), index().on(t.action), index().on(t.actorId), index().on(t.targetType, t.targetId)],
);

/**
 * Failed-attempt counters per key ("pair:<email>|<address>", "account:<email>", "ip:<address>",
 * "code:<user id>", "reauth:<user id>"; see app/sign-in.server.ts). In the database so that every
 * web process sees the same counts. `blocked_until` is the earliest time the next attempt on the
 * key is looked at: a delay that grows with the failures, never a lock.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  /** First failure of the current run of failures. */
  windowStartedAt: ts().notNull(),
  /** Latest failure; the count is forgotten once this is older than the rule's memory. */
  lastFailureAt: ts(),
  blockedUntil: ts(),
});
