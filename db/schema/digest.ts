// The weekly digest (issue 13): who gets it and with what, and one delivery row per recipient and
// period, the guard against sending twice (docs/decisions/015-digest.md).
//
// Subscriptions: a user without a row gets the defaults (everything they may see, weekly), so a
// new account is subscribed from its first day without anyone writing a row. Empty country and
// motive lists mean "all". External recipients (partners, funders) have no account and only ever
// receive public content (PUBLIC_VIEWER).
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

const ts = () => timestamp({ withTimezone: true });
const textList = () => text().array().notNull().default(sql`'{}'::text[]`);

export const DIGEST_FREQUENCIES = ["weekly"] as const;
/** A week with nothing to report: send the one-line message, or send nothing. */
export const QUIET_WEEK_CHOICES = ["send", "skip"] as const;
export const DELIVERY_STATUSES = ["queued", "sending", "sent", "failed", "skipped"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const RECIPIENT_KINDS = ["user", "external"] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export const digestSubscriptions = pgTable("digest_subscriptions", {
  userId: text()
    .primaryKey()
    .references(() => users.id),
  /** Requesting (warrant) countries watched; empty: all. */
  requestingCountries: textList(),
  /** Host countries of cases watched; empty: all. */
  hostCountries: textList(),
  /** MOTIVES keys; empty: all. */
  motives: textList(),
  includeNoticeChanges: boolean().notNull().default(true),
  frequency: text({ enum: DIGEST_FREQUENCIES }).notNull().default("weekly"),
  quietWeek: text({ enum: QUIET_WEEK_CHOICES }).notNull().default("send"),
  paused: boolean().notNull().default(false),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});

export const digestRecipients = pgTable(
  "digest_recipients",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    name: text().notNull(),
    /** Requesting countries watched; empty: all. */
    countries: textList(),
    motives: textList(),
    includeNoticeChanges: boolean().notNull().default(true),
    quietWeek: text({ enum: QUIET_WEEK_CHOICES }).notNull().default("send"),
    createdAt: ts().notNull().defaultNow(),
    createdBy: text().references(() => users.id),
    /** Removed by an admin; the row stays for the deliveries that name it. */
    removedAt: ts(),
    unsubscribedAt: ts(),
  },
  // One live row per address; a removed one may be added again.
  (t) => [uniqueIndex("digest_recipients_email_idx").on(t.email).where(sql`removed_at is null`)],
);

/**
 * One row per recipient and period: inserted (on conflict, nothing) before anything is sent, then
 * claimed (`status = 'sending'`, `claimed_by`, `claimed_at`) by exactly one sender, then settled.
 */
export const digestDeliveries = pgTable(
  "digest_deliveries",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** ISO week, `2026-W48`. */
    period: text().notNull(),
    /** `user:<id>` or `external:<id>`: the unique key with the period. */
    recipientKey: text().notNull(),
    recipientKind: text({ enum: RECIPIENT_KINDS }).notNull(),
    userId: text().references(() => users.id),
    recipientId: integer().references(() => digestRecipients.id),
    /** The address it goes (went) to. */
    email: text().notNull(),
    status: text({ enum: DELIVERY_STATUSES }).notNull().default("queued"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().defaultNow(),
    lastError: text(),
    messageId: text(),
    subject: text(),
    claimedBy: text(),
    claimedAt: ts(),
    sentAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("digest_deliveries_once_idx").on(t.recipientKey, t.period),
    index("digest_deliveries_due_idx").on(t.period, t.status, t.nextAttemptAt),
  ],
);

/** Unsubscribe tokens already used: a signed token works once. */
export const digestUsedTokens = pgTable("digest_used_tokens", {
  tokenId: text().primaryKey(),
  recipientKey: text().notNull(),
  usedAt: ts().notNull().defaultNow(),
});

/** The key signing unsubscribe links, generated on first use (one per database, so every host agrees). */
export const digestKeys = pgTable("digest_keys", {
  name: text().primaryKey(),
  secret: text().notNull(),
  createdAt: ts().notNull().defaultNow(),
});

export type DigestSubscriptionRow = typeof digestSubscriptions.$inferSelect;
export type DigestRecipientRow = typeof digestRecipients.$inferSelect;
export type DigestDeliveryRow = typeof digestDeliveries.$inferSelect;
