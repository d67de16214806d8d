import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Operator settings changed at run time from the admin pages (not environment variables). */
export const appSettings = pgTable("app_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedBy: text(),
});
