// The weekly digest's reads and writes: subscriptions, external recipients, what one recipient may
// see this week (visibility in the SQL of every read: an external recipient is PUBLIC_VIEWER), and
// the delivery rows that make sure each recipient gets one message per week (claimed before
// sending; docs/decisions/015-digest.md).
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { composeDigest, type ComposedDigest, type DigestInput, type NotableNotice, type NotableReason } from "../../lib/digest/compose";
import { signUnsubscribe } from "../../lib/digest/token";
import type { IsoWeek } from "../../lib/digest/week";
import { idToSlug } from "../../lib/notice-id";
import type { Role } from "../../lib/roles";
import { PUBLIC_VIEWER, viewerOf, type Viewer } from "../../lib/visibility";
import { rowsOf, type Db } from "../client";
import { users } from "../schema/auth";
import { caseAlerts, caseEvents, cases, decisions, notifications } from "../schema/cases";
import {
  digestDeliveries,
  digestKeys,
  digestRecipients,
  digestSubscriptions,
  digestUsedTokens,
  type DeliveryStatus,
  type DigestDeliveryRow,
  type DigestRecipientRow,
} from "../schema/digest";
import { ruleLabel } from "../../lib/indicators/rules";
import { latestManifest } from "./evidence";
import { visibleTo } from "./visibility";

// ---- Subscriptions ----

export interface DigestSettings {
  requestingCountries: string[];
  hostCountries: string[];
  motives: string[];
  includeNoticeChanges: boolean;
  quietWeek: "send" | "skip";
  paused: boolean;
}

/** What a user without a row gets: everything they may see, weekly. */
export const DEFAULT_SETTINGS: DigestSettings = {
  requestingCountries: [],
  hostCountries: [],
  motives: [],
  includeNoticeChanges: true,
  quietWeek: "send",
  paused: false,
};

export async function getDigestSettings(db: Db, userId: string): Promise<DigestSettings> {
  const [row] = await db.select().from(digestSubscriptions).where(eq(digestSubscriptions.userId, userId));
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    requestingCountries: row.requestingCountries,
    hostCountries: row.hostCountries,
    motives: row.motives,
    includeNoticeChanges: row.includeNoticeChanges,
    quietWeek: row.quietWeek,
    paused: row.paused,
  };
}

export async function saveDigestSettings(db: Db, userId: string, s: DigestSettings, now = new Date()) {
  await db
    .insert(digestSubscriptions)
    .values({ userId, ...s, updatedAt: now })
    .onConflictDoUpdate({ target: digestSubscriptions.userId, set: { ...s, updatedAt: now } });
}

// ---- External recipients ----

export async function listRecipients(db: Db) {
  return db.select().from(digestRecipients).where(isNull(digestRecipients.removedAt)).orderBy(asc(digestRecipients.name), asc(digestRecipients.id));
}

/** Adds a recipient; null when the address is already a live recipient. */
export async function addRecipient(
  db: Db,
  p: { email: string; name: string; countries?: string[]; motives?: string[]; createdBy?: string | null },
): Promise<DigestRecipientRow | null> {
  const rows = await db
    .insert(digestRecipients)
    .values({ email: p.email, name: p.name, countries: p.countries ?? [], motives: p.motives ?? [], createdBy: p.createdBy ?? null })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

export async function removeRecipient(db: Db, id: number, now = new Date()): Promise<DigestRecipientRow | null> {
  const [row] = await db
    .update(digestRecipients)
    .set({ removedAt: now })
    .where(and(eq(digestRecipients.id, id), isNull(digestRecipients.removedAt)))
    .returning();
  return row ?? null;
}

// ---- Who a delivery is for ----

export interface ResolvedRecipient {
  key: string;
  kind: "user" | "external";
  name: string;
  email: string;
  viewer: Viewer;
  userId: string | null;
  settings: DigestSettings;
  /** Why nothing goes to them now (deactivated, paused, removed, unsubscribed). */
  inactive: string | null;
}

export const userKey = (id: string) => `user:${id}`;
export const externalKey = (id: number) => `external:${id}`;

export async function resolveRecipient(db: Db, key: string): Promise<ResolvedRecipient | null> {
  if (key.startsWith("user:")) {
    const id = key.slice(5);
    const [u] = await db.select().from(users).where(eq(users.id, id));
    if (!u) return null;
    const settings = await getDigestSettings(db, id);
    return {
      key,
      kind: "user",
      name: u.name,
      email: u.email,
      viewer: viewerOf({ id: u.id, role: u.role as Role }),
      userId: u.id,
      settings,
      inactive: !u.active ? "The account is deactivated." : settings.paused ? "The digest is paused." : null,
    };
  }
  if (key.startsWith("external:")) {
    const id = Number(key.slice(9));
    if (!Number.isInteger(id)) return null;
    const [r] = await db.select().from(digestRecipients).where(eq(digestRecipients.id, id));
    if (!r) return null;
    return {
      key,
      kind: "external",
      name: r.name,
      email: r.email,
      viewer: PUBLIC_VIEWER,
      userId: null,
      settings: {
        requestingCountries: r.countries,
        hostCountries: [],
        motives: r.motives,
        includeNoticeChanges: r.includeNoticeChanges,
        quietWeek: r.quietWeek,
        paused: false,
      },
      inactive: r.removedAt ? "The recipient was removed." : r.unsubscribedAt ? "The recipient unsubscribed." : null,
    };
  }
  return null;
}

/** Every recipient who should get this week's digest now: active users not paused, live external recipients. */
export async function activeRecipients(db: Db): Promise<{ key: string; kind: "user" | "external"; userId: string | null; recipientId: number | null; email: string }[]> {
  const us = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .leftJoin(digestSubscriptions, eq(digestSubscriptions.userId, users.id))
    .where(and(eq(users.active, true), or(isNull(digestSubscriptions.userId), eq(digestSubscriptions.paused, false))))
    .orderBy(asc(users.createdAt), asc(users.id));
  const ex = await db
    .select({ id: digestRecipients.id, email: digestRecipients.email })
    .from(digestRecipients)
    .where(and(isNull(digestRecipients.removedAt), isNull(digestRecipients.unsubscribedAt)))
    .orderBy(asc(digestRecipients.id));
  return [
    ...us.map((u) => ({ key: userKey(u.id), kind: "user" as const, userId: u.id, recipientId: null, email: u.email })),
    ...ex.map((r) => ({ key: externalKey(r.id), kind: "external" as const, userId: null, recipientId: r.id, email: r.email })),
  ];
}

// ---- What a recipient may see this week ----

const arr = (list: string[]) => sql`array[${sql.join(list.map((c) => sql`${c}`), sql`, `)}]::text[]`;

/** Case filter from settings: countries (requesting or host), then motives; empty lists mean all. */
function caseMatches(s: DigestSettings): SQL {
  const parts: SQL[] = [];
  const req = s.requestingCountries;
  const host = s.hostCountries;
  if (req.length || host.length) {
    const either: SQL[] = [];
    if (req.length) either.push(sql`${cases.requestingCountry} = any(${arr(req)})`);
    if (host.length) either.push(sql`${cases.hostCountries} && ${arr(host)}`);
    parts.push(sql`(${sql.join(either, sql` or `)})`);
  }
  if (s.motives.length) parts.push(sql`${cases.motives} && ${arr(s.motives)}`);
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

function followed(userId: string | null): SQL {
  if (!userId) return sql`false`;
  return sql`exists (select 1 from case_follows f where f.case_id = ${cases.id} and f.user_id = ${userId})`;
}

interface EventRow {
  id: number;
  entity_id: string;
  kind: NotableNotice["kind"];
  changes: Record<string, unknown> | string;
  name: string | null;
  forename: string | null;
  warrant_countries: string[] | string | null;
}

const pgArray = (v: string[] | string | null): string[] => {
  if (Array.isArray(v)) return v;
  if (!v || v === "{}") return [];
  return v.replace(/^\{|\}$/g, "").split(",").map((x) => x.replace(/^"|"$/g, ""));
};

const noticeName = (r: { name: string | null; forename: string | null }) =>
  [r.name, r.forename].filter(Boolean).join(", ") || "(no name published)";

export interface GatherOptions {
  recipient: ResolvedRecipient;
  period: IsoWeek;
  appUrl: string;
  unsubscribeUrl: string;
  /** Shared by the recipients of one run: reads that do not depend on who is reading. */
  cache?: Map<string, Promise<unknown>>;
}

function cached<T>(cache: Map<string, Promise<unknown>> | undefined, key: string, load: () => Promise<T>): Promise<T> {
  if (!cache) return load();
  let hit = cache.get(key) as Promise<T> | undefined;
  if (!hit) cache.set(key, (hit = load()));
  return hit;
}

/** Everything the composer needs for one recipient and week, read as that recipient may see it. */
export async function gatherDigest(db: Db, o: GatherOptions): Promise<DigestInput> {
  const { recipient: r, period, appUrl } = o;
  const v = r.viewer;
  const s = r.settings;
  const from = period.start.toISOString();
  const to = period.end.toISOString();
  const caseVisible = visibleTo(v, cases, "case");
  const alertVisible = visibleTo(v, caseAlerts, "case_alert");
  const noticeUrl = (id: string) => `${appUrl}/notices/${idToSlug(id)}`;

  // Notices linked to cases this recipient may see (alert and case both visible), with the cases they follow.
  const links = rowsOf<{ entity_id: string; reference: string; followed: boolean }>(
    await db.execute(sql`
      select ${caseAlerts.entityId} as entity_id, ${cases.reference} as reference, ${followed(r.userId)} as followed
      from ${caseAlerts} join ${cases} on ${cases.id} = ${caseAlerts.caseId}
      where ${caseAlerts.entityId} is not null and ${alertVisible} and ${caseVisible}`),
  );
  const linkedRefs = new Map<string, string[]>();
  const followedIds = new Set<string>();
  for (const l of links) {
    linkedRefs.set(l.entity_id, [...(linkedRefs.get(l.entity_id) ?? []), l.reference]);
    if (l.followed) followedIds.add(l.entity_id);
  }

  const toNotable = (e: EventRow): NotableNotice => {
    const changes = typeof e.changes === "string" ? (JSON.parse(e.changes) as Record<string, unknown>) : e.changes ?? {};
    const fields = Object.keys(changes);
    const reasons: NotableReason[] = [];
    if (linkedRefs.has(e.entity_id)) reasons.push("linked");
    if (e.kind === "reappeared") reasons.push("reappeared");
    if (e.kind === "removed") reasons.push("removed");
    if (fields.includes("warrants")) reasons.push("charges_changed");
    return {
      entityId: e.entity_id,
      name: noticeName(e),
      kind: e.kind,
      reasons,
      countries: pgArray(e.warrant_countries),
      fields,
      caseReferences: [...new Set(linkedRefs.get(e.entity_id) ?? [])].sort(),
      url: noticeUrl(e.entity_id),
    };
  };

  // Changes to notices linked to the cases they follow: whatever the country settings.
  let followedNoticeChanges: NotableNotice[] = [];
  if (followedIds.size) {
    const rows = rowsOf<EventRow>(
      await db.execute(sql`
        select e.id, e.entity_id, e.kind, e.changes, n.name, n.forename, n.warrant_countries
        from notice_events e join notices n on n.entity_id = e.entity_id
        where e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${to}::timestamptz and not e.baseline
          and e.entity_id in (${sql.join([...followedIds].map((id) => sql`${id}`), sql`, `)})
        order by e.occurred_at, e.id`),
    );
    followedNoticeChanges = rows.map(toNotable);
  }

  let noticeChanges: DigestInput["noticeChanges"] = null;
  if (s.includeNoticeChanges) {
    const watched = s.requestingCountries;
    const inWatched = watched.length ? sql`and n.warrant_countries && ${arr(watched)}` : sql``;
    // Public notice data depends only on the week and the countries watched: one read per run for
    // everyone watching the same countries (the sender passes a cache), not one per recipient.
    const cacheKey = `${from}|${watched.join(",")}`;
    const counts = await cached(o.cache, `counts|${cacheKey}`, async () =>
      rowsOf<{ country: string; kind: string; n: number }>(
        await db.execute(sql`
        select c.country, e.kind, count(*)::int as n
        from notice_events e join notices n on n.entity_id = e.entity_id
        cross join lateral unnest(case when cardinality(n.warrant_countries) = 0 then array['??']::text[] else n.warrant_countries end) as c(country)
        where e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${to}::timestamptz and not e.baseline ${inWatched}
          ${watched.length ? sql`and c.country = any(${arr(watched)})` : sql``}
        group by c.country, e.kind`),
      ),
    );
    const byCountry = new Map<string, { country: string; added: number; changed: number; removed: number; reappeared: number }>();
    for (const c of counts) {
      const row = byCountry.get(c.country) ?? { country: c.country, added: 0, changed: 0, removed: 0, reappeared: 0 };
      if (c.kind === "added" || c.kind === "changed" || c.kind === "removed" || c.kind === "reappeared") row[c.kind] += Number(c.n);
      byCountry.set(c.country, row);
    }
    const linkedList = [...linkedRefs.keys()];
    const generic = await cached(o.cache, `notable|${cacheKey}`, async () =>
      rowsOf<EventRow>(
        await db.execute(sql`
        select e.id, e.entity_id, e.kind, e.changes, n.name, n.forename, n.warrant_countries
        from notice_events e join notices n on n.entity_id = e.entity_id
        where e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${to}::timestamptz and not e.baseline ${inWatched}
          and (e.kind in ('reappeared', 'removed') or e.changes ? 'warrants')
        order by (e.kind = 'reappeared') desc, (e.changes ? 'warrants') desc, e.occurred_at, e.id
        limit 200`),
      ),
    );
    // Linked to a case this recipient may see: by their ids (few), whatever else they changed.
    const linkedRows = linkedList.length
      ? rowsOf<EventRow>(
          await db.execute(sql`
          select e.id, e.entity_id, e.kind, e.changes, n.name, n.forename, n.warrant_countries
          from notice_events e join notices n on n.entity_id = e.entity_id
          where e.entity_id in (${sql.join(linkedList.map((id) => sql`${id}`), sql`, `)})
            and e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${to}::timestamptz and not e.baseline ${inWatched}
          order by e.occurred_at, e.id`),
        )
      : [];
    const seen = new Set(linkedRows.map((e) => Number(e.id)));
    const notable = [...linkedRows, ...generic.filter((e) => !seen.has(Number(e.id)))];
    noticeChanges = {
      watched,
      byCountry: [...byCountry.values()].sort((a, b) => b.added + b.changed + b.removed + b.reappeared - (a.added + a.changed + a.removed + a.reappeared) || a.country.localeCompare(b.country)),
      notable: notable.filter((e) => !followedIds.has(e.entity_id)).map(toNotable),
    };
  }

  const caseFilter = sql`(${followed(r.userId)} or ${caseMatches(s)})`;
  const caseRows = await db
    .select({ reference: cases.reference, title: cases.title, createdAt: cases.createdAt })
    .from(cases)
    .where(
      and(
        caseVisible,
        caseFilter,
        or(
          and(gte(cases.createdAt, period.start), lt(cases.createdAt, period.end)),
          and(gte(cases.updatedAt, period.start), lt(cases.updatedAt, period.end)),
        ),
      ),
    )
    .orderBy(desc(cases.createdAt), asc(cases.reference))
    .limit(100);

  const decisionCountry =
    s.requestingCountries.length ? sql`(${decisions.requestingCountry} = any(${arr(s.requestingCountries)}))` : sql`true`;
  const decisionRows = await db
    .select({ id: decisions.id, citation: decisions.citation, forum: decisions.forum, outcome: decisions.outcome, decidedOn: decisions.decidedOn })
    .from(decisions)
    .where(
      and(
        visibleTo(v, decisions, "decision"),
        decisionCountry,
        or(
          and(gte(decisions.createdAt, period.start), lt(decisions.createdAt, period.end)),
          and(gte(decisions.updatedAt, period.start), lt(decisions.updatedAt, period.end)),
        ),
      ),
    )
    .orderBy(desc(decisions.decidedSort), asc(decisions.citation))
    .limit(50);

  const notes = r.userId
    ? await db
        .select({ title: notifications.title, body: notifications.body, at: notifications.createdAt, entityId: notifications.entityId })
        .from(notifications)
        .where(and(eq(notifications.userId, r.userId), gte(notifications.createdAt, period.start), lt(notifications.createdAt, period.end)))
        .orderBy(asc(notifications.createdAt), asc(notifications.id))
        .limit(50)
    : [];

  const soonFrom = period.end.toISOString().slice(0, 10);
  const soonTo = new Date(period.end.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const upcoming = await db
    .select({
      date: caseEvents.sortDate,
      kind: caseEvents.kind,
      description: caseEvents.description,
      reference: cases.reference,
      title: cases.title,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(
      and(
        visibleTo(v, caseEvents, "case_event"),
        caseVisible,
        caseFilter,
        inArray(caseEvents.kind, ["hearing", "deadline"]),
        gte(caseEvents.sortDate, soonFrom),
        lt(caseEvents.sortDate, soonTo),
      ),
    )
    .orderBy(asc(caseEvents.sortDate), asc(cases.reference))
    .limit(50);

  return {
    recipient: { kind: r.kind, name: r.name, email: r.email },
    period,
    appUrl,
    unsubscribeUrl: o.unsubscribeUrl,
    settingsUrl: r.kind === "user" ? `${appUrl}/digest` : null,
    noticeChanges,
    followedNoticeChanges,
    cases: caseRows.map((c) => ({
      reference: c.reference,
      title: c.title,
      isNew: c.createdAt >= period.start && c.createdAt < period.end,
      url: `${appUrl}/cases/${c.reference}`,
    })),
    decisions: decisionRows.map((d) => ({ ...d, url: `${appUrl}/precedents/${d.id}` })),
    notifications: notes.map((x) => ({ title: x.title, body: x.body, at: x.at, url: x.entityId ? noticeUrl(x.entityId) : null })),
    upcoming: upcoming.map((u) => ({
      date: u.date,
      kind: u.kind,
      caseReference: u.reference,
      caseTitle: u.title,
      description: u.description,
      url: `${appUrl}/cases/${u.reference}`,
    })),
    quietWeek: s.quietWeek,
  };
}

// ---- Deliveries ----

/** One row per active recipient for the period; a recipient subscribed since gets one on a re-run. */
export async function planDeliveries(db: Db, period: string): Promise<number> {
  const list = await activeRecipients(db);
  if (list.length === 0) return 0;
  for (let i = 0; i < list.length; i += 500) {
    await db
      .insert(digestDeliveries)
      .values(
        list.slice(i, i + 500).map((r) => ({
          period,
          recipientKey: r.key,
          recipientKind: r.kind,
          userId: r.userId,
          recipientId: r.recipientId,
          email: r.email,
        })),
      )
      .onConflictDoNothing();
  }
  return list.length;
}

/** A claim older than this belongs to a sender that died (the SMTP timeouts are far shorter). */
export const STALE_CLAIM_MS = 15 * 60_000;
/** Attempts before a delivery is left failed for an admin's "send again". */
export const MAX_ATTEMPTS = 6;

/**
 * Claim up to `limit` due deliveries of the period for `workerId`: queued or failed and due, or
 * claimed so long ago that their sender must have died. SKIP LOCKED: two senders never claim the
 * same row, and neither waits for the other.
 */
export async function claimDeliveries(
  db: Db,
  p: { period: string; workerId: string; limit: number; now?: Date; staleMs?: number; ids?: number[] },
): Promise<DigestDeliveryRow[]> {
  const now = p.now ?? new Date();
  const stale = new Date(now.getTime() - (p.staleMs ?? STALE_CLAIM_MS));
  const only = p.ids?.length ? sql`and id in (${sql.join(p.ids.map((id) => sql`${id}`), sql`, `)})` : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      update digest_deliveries set status = 'sending', claimed_by = ${p.workerId}, claimed_at = ${now.toISOString()}::timestamptz,
        attempts = attempts + 1, updated_at = ${now.toISOString()}::timestamptz
      where id in (
        select id from digest_deliveries
        where period = ${p.period} ${only}
          and ((status in ('queued', 'failed') and next_attempt_at is not null and next_attempt_at <= ${now.toISOString()}::timestamptz)
            or (status = 'sending' and claimed_at < ${stale.toISOString()}::timestamptz))
        order by id
        limit ${p.limit}
        for update skip locked)
      returning id`),
  );
  if (rows.length === 0) return [];
  return db
    .select()
    .from(digestDeliveries)
    .where(and(inArray(digestDeliveries.id, rows.map((r) => Number(r.id))), eq(digestDeliveries.claimedBy, p.workerId)))
    .orderBy(asc(digestDeliveries.id));
}

/** Settle a claimed delivery; only its claimant may (a stale claimant that comes back changes nothing). */
export async function settleDelivery(
  db: Db,
  id: number,
  workerId: string,
  p:
    | { status: "sent"; messageId: string; subject: string; now?: Date }
    | { status: "skipped"; reason: string; subject?: string; now?: Date }
    | { status: "failed"; error: string; attempts: number; now?: Date },
): Promise<boolean> {
  const now = p.now ?? new Date();
  const mine = and(eq(digestDeliveries.id, id), eq(digestDeliveries.claimedBy, workerId), eq(digestDeliveries.status, "sending"));
  let set: Partial<DigestDeliveryRow>;
  if (p.status === "sent") set = { status: "sent", messageId: p.messageId, subject: p.subject, sentAt: now, lastError: null, nextAttemptAt: null };
  else if (p.status === "skipped") set = { status: "skipped", lastError: p.reason, subject: p.subject ?? null, nextAttemptAt: null };
  else {
    // Back-off: 1, 2, 4, 8, 16 minutes; after MAX_ATTEMPTS it waits for "send again".
    const next = p.attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + 60_000 * 2 ** (p.attempts - 1));
    set = { status: "failed", lastError: p.error.slice(0, 1000), nextAttemptAt: next };
  }
  const rows = await db.update(digestDeliveries).set({ ...set, updatedAt: now }).where(mine).returning({ id: digestDeliveries.id });
  return rows.length > 0;
}

/** Claims of senders no longer running (called under the digest job's lock, where no sender is alive). */
export async function releaseClaims(db: Db): Promise<number> {
  const rows = await db
    .update(digestDeliveries)
    .set({ status: "queued", claimedBy: null, nextAttemptAt: sql`now()` })
    .where(eq(digestDeliveries.status, "sending"))
    .returning({ id: digestDeliveries.id });
  return rows.length;
}

/** "Send again": due now, whatever its status, with a fresh count of attempts. */
export async function requeueDelivery(db: Db, id: number, now = new Date()): Promise<DigestDeliveryRow | null> {
  const [row] = await db
    .update(digestDeliveries)
    .set({ status: "queued", attempts: 0, nextAttemptAt: now, lastError: null, claimedBy: null, updatedAt: now })
    .where(and(eq(digestDeliveries.id, id), sql`${digestDeliveries.status} <> 'sending'`))
    .returning();
  return row ?? null;
}

export async function getDelivery(db: Db, id: number) {
  const [row] = await db.select().from(digestDeliveries).where(eq(digestDeliveries.id, id));
  return row ?? null;
}

export async function listDeliveries(db: Db, p: { period?: string; status?: DeliveryStatus; limit?: number } = {}) {
  return db
    .select({
      delivery: digestDeliveries,
      userName: users.name,
      recipientName: digestRecipients.name,
    })
    .from(digestDeliveries)
    .leftJoin(users, eq(users.id, digestDeliveries.userId))
    .leftJoin(digestRecipients, eq(digestRecipients.id, digestDeliveries.recipientId))
    .where(and(p.period ? eq(digestDeliveries.period, p.period) : undefined, p.status ? eq(digestDeliveries.status, p.status) : undefined))
    .orderBy(desc(digestDeliveries.period), asc(digestDeliveries.id))
    .limit(p.limit ?? 500);
}

export async function deliveryPeriods(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ period: digestDeliveries.period }).from(digestDeliveries).orderBy(desc(digestDeliveries.period)).limit(52);
  return rows.map((r) => r.period);
}

export async function deliveryCounts(db: Db, period: string): Promise<Record<DeliveryStatus, number>> {
  const rows = await db
    .select({ status: digestDeliveries.status, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(digestDeliveries)
    .where(eq(digestDeliveries.period, period))
    .groupBy(digestDeliveries.status);
  const out = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

// ---- Unsubscribe ----

/** The signing key for unsubscribe links: made on first use, the same for every process. */
export async function digestSigningKey(db: Db): Promise<Buffer> {
  await db.insert(digestKeys).values({ name: "unsubscribe", secret: randomBytes(32).toString("base64") }).onConflictDoNothing();
  const [row] = await db.select().from(digestKeys).where(eq(digestKeys.name, "unsubscribe"));
  return Buffer.from(row!.secret, "base64");
}

export async function isTokenUsed(db: Db, tokenId: string): Promise<boolean> {
  const rows = await db.select({ id: digestUsedTokens.tokenId }).from(digestUsedTokens).where(eq(digestUsedTokens.tokenId, tokenId));
  return rows.length > 0;
}

/**
 * Use a token: true the first time (the recipient is unsubscribed: a user's digest paused, an
 * external recipient marked unsubscribed), false when it was used before.
 */
export async function useUnsubscribeToken(db: Db, tokenId: string, recipientKey: string, now = new Date()): Promise<boolean> {
  const first = await db.insert(digestUsedTokens).values({ tokenId, recipientKey, usedAt: now }).onConflictDoNothing().returning();
  if (first.length === 0) return false;
  if (recipientKey.startsWith("user:")) {
    const userId = recipientKey.slice(5);
    const current = await getDigestSettings(db, userId);
    await saveDigestSettings(db, userId, { ...current, paused: true }, now);
  } else if (recipientKey.startsWith("external:")) {
    await db.update(digestRecipients).set({ unsubscribedAt: now }).where(eq(digestRecipients.id, Number(recipientKey.slice(9))));
  }
  return true;
}


// ---- One recipient's digest, composed ----

export interface ComposedFor {
  recipient: ResolvedRecipient;
  input: DigestInput;
  digest: ComposedDigest;
  unsubscribeUrl: string;
}

/**
 * What the evidence and the indicators add to a week's digest; both are public data (the notices are
 * Interpol's public ones), so every recipient may have them:
 * - the latest sealed evidence manifest's hash, so that each recipient holds a dated copy of it;
 * - notices an indicator flagged whose score was written this week, for the countries watched.
 */
async function weekExtras(
  db: Db,
  recipient: ResolvedRecipient,
  period: IsoWeek,
  appUrl: string,
  cache?: Map<string, Promise<unknown>>,
): Promise<Pick<DigestInput, "manifestHash" | "flagged">> {
  const memo = <T>(key: string, f: () => Promise<T>): Promise<T> => {
    if (!cache) return f();
    if (!cache.has(key)) cache.set(key, f());
    return cache.get(key) as Promise<T>;
  };
  const manifest = await memo("extras:manifest", () => latestManifest(db));
  const watched = recipient.settings.includeNoticeChanges ? recipient.settings.requestingCountries : null;
  let flagged: DigestInput["flagged"] = undefined;
  if (watched) {
    const rows = await memo(`extras:flagged|${period.week}|${watched.join(",")}`, async () =>
      rowsOf<{ entity_id: string; name: string | null; forename: string | null; reasons: unknown }>(
        await db.execute(sql`
          select s.entity_id, n.name, n.forename, s.reasons
          from notice_scores s join notices n on n.entity_id = s.entity_id
          where s.flagged and n.status = 'active'
            and s.scored_at >= ${period.start.toISOString()}::timestamptz and s.scored_at < ${period.end.toISOString()}::timestamptz
            ${watched.length ? sql`and n.warrant_countries && ${arr(watched)}` : sql``}
          order by s.score desc, s.entity_id
          limit 20`),
      ),
    );
    flagged = rows.map((r) => {
      const reasons = Array.isArray(r.reasons) ? (r.reasons as Array<{ key?: string; weak?: boolean }>) : [];
      const strong = reasons.find((x) => x && !x.weak) ?? reasons[0];
      return {
        entityId: r.entity_id,
        name: [r.forename, r.name].filter(Boolean).join(" ") || r.entity_id,
        indicator: strong?.key ? ruleLabel(strong.key) : "flagged",
        url: `${appUrl}/notices/${idToSlug(r.entity_id)}`,
      };
    });
  }
  return { manifestHash: manifest?.hash, flagged: flagged?.length ? flagged : undefined };
}

/**
 * Gather and compose one recipient's digest for a week, exactly as it is sent: the pages' previews
 * and the sender call this one function. The unsubscribe link in it is a real, signed one.
 */
export async function composeFor(
  db: Db,
  p: { recipientKey: string; period: IsoWeek; appUrl: string; key?: Buffer; extra?: Pick<DigestInput, "manifestHash" | "flagged">; cache?: Map<string, Promise<unknown>> },
): Promise<ComposedFor | null> {
  const recipient = await resolveRecipient(db, p.recipientKey);
  if (!recipient) return null;
  const key = p.key ?? (await digestSigningKey(db));
  const unsubscribeUrl = `${p.appUrl}/unsubscribe/${signUnsubscribe(key, { recipientKey: recipient.key, period: p.period.week })}`;
  const gathered = await gatherDigest(db, { recipient, period: p.period, appUrl: p.appUrl, unsubscribeUrl, cache: p.cache });
  const input = { ...gathered, ...(await weekExtras(db, recipient, p.period, p.appUrl, p.cache)), ...p.extra };
  return { recipient, input, digest: composeDigest(input), unsubscribeUrl };
}
