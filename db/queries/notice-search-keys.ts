// The precomputed name search keys (lib/name-search.ts) of notices written before the keys
// existed, or by an older version of the fold: recomputed in batches, once, at start.
import { and, asc, gt, isNull, ne, or, sql } from "drizzle-orm";
import { NAME_SEARCH_VERSION, nameSearchKeys } from "../../lib/name-search";
import type { Db } from "../client";
import { notices } from "../schema/notices";

const snake = (k: ReturnType<typeof nameSearchKeys>) => ({
  search_name: k.searchName,
  name_words: k.nameWords,
  surname_words: k.surnameWords,
  name_skeleton: k.nameSkeleton,
  name_compact: k.nameCompact,
  name_keys_version: k.nameKeysVersion,
});

/** Recompute stale name keys; returns how many notices were updated. Idempotent. */
export async function refreshNameSearchKeys(db: Db, batch = 500): Promise<number> {
  const stale = or(isNull(notices.nameKeysVersion), ne(notices.nameKeysVersion, NAME_SEARCH_VERSION));
  let after = "";
  let done = 0;
  for (;;) {
    const rows = await db
      .select({ entityId: notices.entityId, name: notices.name, forename: notices.forename })
      .from(notices)
      .where(and(stale, gt(notices.entityId, after)))
      .orderBy(asc(notices.entityId))
      .limit(batch);
    if (!rows.length) return done;
    const keys = rows.map((r) => ({ entity_id: r.entityId, ...snake(nameSearchKeys(r.name, r.forename)) }));
    // One statement per batch; only the key columns (updated_at stays: the notice did not change).
    await db.execute(sql`
      update notices n set
        search_name = k.search_name, name_words = k.name_words, surname_words = k.surname_words,
        name_skeleton = k.name_skeleton, name_compact = k.name_compact, name_keys_version = k.name_keys_version
      from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb)
        as k(entity_id text, search_name text, name_words text[], surname_words text[], name_skeleton text[], name_compact text, name_keys_version smallint)
      where n.entity_id = k.entity_id`);
    done += rows.length;
    after = rows[rows.length - 1]!.entityId;
  }
}
