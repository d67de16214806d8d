import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Per-user tokens for the Atom feed of changes (feed readers cannot sign in). Only the hash is
 * stored; the token is shown once. Revoking a token, or deactivating the user, ends the feed.
 */
export const feedTokens = pgTable(
  "feed_tokens",
  {
    tokenHash: text().primaryKey(),
    userId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("feed_tokens_user_idx").on(t.userId)],
);
