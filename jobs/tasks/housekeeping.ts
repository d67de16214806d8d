// Daily housekeeping: drop sessions that ended long ago and lapsed sign-in throttle counts.
// Idempotent; nothing here touches evidence (notices, events, captures, audit log).
import type { Database } from "../../db/client";
import { deleteOldSessions } from "../../db/queries/sessions";
import { pruneThrottle } from "../../db/queries/throttle";

export async function housekeeping({ database, now = new Date() }: { database: Database; now?: Date }) {
  await deleteOldSessions(database.db, now, 30);
  await pruneThrottle(database.db, now);
}
