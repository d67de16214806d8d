// Photos: a notice's pictures are asked when it is new or its thumbnail changed (not every pull),
// and their bytes kept as evidence in notice_images. Image requests are counted apart from the
// pull's lower bound (they are not needed to know what is published).
import { createHash } from "node:crypto";
import type { Database } from "../../db/client";
import type { NoticeIndexEntry } from "../../db/queries/notice-store";
import { storedPictureIds, storeNoticeImagesBatch, type NoticeImagesDone, type NoticeImageWrite } from "../../db/queries/notice-images";

/** Notices whose photos are written together, in one transaction. */
const WRITE_BATCH = 50;
import type { InterpolClient } from "../interpol/client";
import type { Fetched } from "./store-sweep";

/** Notices whose photos one run fetches at most; the rest (a first pull's backlog) wait for the next. */
export const DEFAULT_IMAGE_BUDGET = 1000;

export interface PullImagesInput {
  runId: number;
  now: () => Date;
  index: ReadonlyMap<string, NoticeIndexEntry>;
  /** This run's detail responses: their thumbnail says which picture is current. */
  fetched: ReadonlyMap<string, Fetched>;
  /** Still published after this run (a 200 or a 304 from its own page). */
  published: (entityId: string) => boolean;
  budget?: number;
  signal?: AbortSignal;
  onError?: (entityId: string, code: string, message: string) => void;
}

/**
 * Which published notices need their photos asked, with the thumbnail that is current: those whose
 * thumbnail is not the one whose images are stored (new notices, a new thumbnail, a set left
 * incomplete, notices stored before photos were kept). New notices first, then by entity id.
 */
export function imagesToFetch(
  index: ReadonlyMap<string, NoticeIndexEntry>,
  fetched: ReadonlyMap<string, Fetched>,
  published: (entityId: string) => boolean,
): Array<{ id: string; current: string }> {
  const todo: Array<{ id: string; current: string; isNew: boolean }> = [];
  const consider = (id: string, current: string) => {
    const s = index.get(id);
    if (!published(id) || (s?.imagesFor ?? null) === current) return;
    if (!s?.imagesFor && current === "") return; // never had a picture: nothing to ask or to note
    todo.push({ id, current, isNew: !s });
  };
  for (const [id, f] of fetched) consider(id, f.fields.pictureId ?? "");
  // Unchanged this run (a 304, or no detail kept): the stored thumbnail is the current one.
  for (const [id, s] of index) if (!fetched.has(id) && s.pictureId !== null) consider(id, s.pictureId);
  todo.sort((a, b) => Number(b.isNew) - Number(a.isNew) || (a.id < b.id ? -1 : 1));
  return todo.map(({ id, current }) => ({ id, current }));
}

export async function pullImages(database: Database, client: InterpolClient, input: PullImagesInput) {
  const budget = input.budget ?? DEFAULT_IMAGE_BUDGET;
  const todo = imagesToFetch(input.index, input.fetched, input.published).slice(0, budget);
  const have = await storedPictureIds(database.db, todo.map((t) => t.id));
  let stored = 0;
  let next = 0;
  let pending: NoticeImagesDone[] = [];
  const flush = async () => {
    const done = pending;
    pending = [];
    stored += await storeNoticeImagesBatch(database.db, { done, runId: input.runId, now: input.now() });
  };
  const finished = async (d: NoticeImagesDone) => {
    pending.push(d);
    if (pending.length >= WRITE_BATCH) await flush();
  };
  async function worker() {
    while (next < todo.length && !input.signal?.aborted) {
      const { id, current } = todo[next++]!;
      if (current === "") {
        // The thumbnail went away: the photos already kept stay (evidence); note there is none now.
        await finished({ entityId: id, imagesFor: "", images: [] });
        continue;
      }
      const list = await client.images(id, { signal: input.signal });
      if (list.kind !== "ok") {
        if (list.kind === "error") input.onError?.(id, list.error.code, list.error.message);
        else input.onError?.(id, list.kind, `images list answered ${list.kind === "not_found" ? "Not Found" : list.kind}`);
        continue; // asked again next run
      }
      const pictures = list.data._embedded.images.map((i) => i.picture_id);
      const images: NoticeImageWrite[] = [];
      let complete = true;
      for (const pid of pictures) {
        if (have.get(id)?.has(pid)) continue;
        const img = await client.image(id, pid, { signal: input.signal });
        if (img.kind !== "ok") {
          complete = false;
          input.onError?.(id, img.kind === "error" ? img.error.code : img.kind, `picture ${pid} not fetched`);
          continue;
        }
        images.push({
          entityId: id,
          pictureId: pid,
          contentType: img.data.contentType,
          bytes: img.data.bytes,
          sha256: createHash("sha256").update(img.data.bytes).digest("hex"),
        });
      }
      // Only a complete set marks the thumbnail done; otherwise the next run tries the rest.
      await finished({ entityId: id, imagesFor: complete ? current : undefined, images });

    }
  }
  await Promise.all(Array.from({ length: Math.max(1, client.concurrency) }, () => worker()));
  // Also when stopped: what was fetched is kept, and the rest is asked again next run.
  await flush();
  return { asked: todo.length, stored };
}
