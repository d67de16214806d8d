// List pages kept between pulls with their validators, for conditional list requests.
import { inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { listPageCache } from "../schema/notices";

export interface CachedListPage {
  etag: string | null;
  lastModified: string | null;
  /** The body as received, gzipped (the caller compresses and expands). */
  bodyGz: Buffer;
}

/** Every kept page (a full pull asks a few hundred). */
export async function loadListCache(db: Db): Promise<Map<string, CachedListPage>> {
  const rows = await db
    .select({ key: listPageCache.key, etag: listPageCache.etag, lastModified: listPageCache.lastModified, bodyGz: listPageCache.body })
    .from(listPageCache);
  return new Map(rows.map(({ key, ...r }) => [key, r]));
}

/**
 * After a pull: keep the pages it received (200) with their validators, note those it was told are
 * unchanged (304), and drop those no pull asked since `staleBefore`.
 */
export async function saveListCache(
  db: Db,
  p: { fresh: ReadonlyMap<string, CachedListPage>; unchanged: readonly string[]; now: Date; staleBefore: Date },
): Promise<void> {
  const rows = [...p.fresh].map(([key, v]) => ({
    key,
    etag: v.etag,
    lastModified: v.lastModified,
    body: v.bodyGz,
    fetchedAt: p.now,
    usedAt: p.now,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insert(listPageCache)
      .values(rows.slice(i, i + 200))
      .onConflictDoUpdate({
        target: listPageCache.key,
        set: {
          etag: sql`excluded.etag`,
          lastModified: sql`excluded.last_modified`,
          body: sql`excluded.body`,
          fetchedAt: sql`excluded.fetched_at`,
          usedAt: sql`excluded.used_at`,
        },
      });
  }
  for (let i = 0; i < p.unchanged.length; i += 1000) {
    await db.update(listPageCache).set({ usedAt: p.now }).where(inArray(listPageCache.key, p.unchanged.slice(i, i + 1000)));
  }
  await db.delete(listPageCache).where(lt(listPageCache.usedAt, p.staleBefore));
}
