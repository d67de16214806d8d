// The digest composer: a PURE function from what one recipient may see this week to the message
// ({ subject, sections, text, html }). The data is gathered (with visibility applied in SQL) by
// db/queries/digest.ts; sending is jobs/digest/send.ts. Unit-tested in tests/unit/digest-compose.test.ts.
import { countryName } from "../countries";

const countryLabel = (code: string) => countryName(code) ?? code;
import { FORUMS, OUTCOMES, PROCEDURAL_EVENT_KINDS, TIMELINE_EVENT_KINDS } from "../taxonomy";
import { renderDigestHtml } from "./render";
import { weekRangeText, type IsoWeek } from "./week";

export interface CountryCounts {
  country: string;
  added: number;
  changed: number;
  removed: number;
  reappeared: number;
}

/** Why a notice is worth naming. */
export type NotableReason = "linked" | "flagged" | "reappeared" | "charges_changed" | "removed";

export interface NotableNotice {
  entityId: string;
  /** "IVANOV, Sergey" as published. */
  name: string;
  kind: "added" | "changed" | "removed" | "reappeared";
  reasons: NotableReason[];
  /** Warrant countries. */
  countries: string[];
  /** Changed field keys, for `changed` and `reappeared`. */
  fields: string[];
  /** Case references linking to it that the recipient may see. */
  caseReferences: string[];
  url: string;
}

export interface DigestCase {
  reference: string;
  title: string;
  isNew: boolean;
  url: string;
}

export interface DigestDecision {
  citation: string;
  forum: string;
  outcome: string;
  decidedOn: string | null;
  url: string;
}

export interface DigestNotification {
  title: string;
  body: string | null;
  at: Date;
  url: string | null;
}

export interface DigestUpcoming {
  /** YYYY-MM-DD */
  date: string;
  kind: string;
  caseReference: string;
  caseTitle: string;
  description: string | null;
  url: string;
}

/** A notice an indicator flagged (wired at merge by the indicators work). */
export interface FlaggedNotice {
  entityId: string;
  name: string;
  indicator: string;
  url: string;
}

export interface DigestInput {
  recipient: { kind: "user" | "external"; name: string; email: string };
  period: IsoWeek;
  appUrl: string;
  unsubscribeUrl: string;
  /** Where the recipient changes their settings (users only). */
  settingsUrl: string | null;
  /** Null when the recipient does not follow public-notice changes. */
  noticeChanges: { byCountry: CountryCounts[]; notable: NotableNotice[]; watched: string[] } | null;
  /** Changes to notices linked to the cases the recipient follows: first in the message. */
  followedNoticeChanges: NotableNotice[];
  cases: DigestCase[];
  decisions: DigestDecision[];
  notifications: DigestNotification[];
  upcoming: DigestUpcoming[];
  flagged?: FlaggedNotice[];
  /** The latest sealed evidence manifest's hash (wired at merge by the evidence work). */
  manifestHash?: string;
  quietWeek: "send" | "skip";
}

export interface DigestItem {
  text: string;
  url: string | null;
  detail?: string;
}

export interface DigestSection {
  key: "followed" | "notices" | "flagged" | "cases" | "decisions" | "notifications" | "upcoming";
  title: string;
  /** A line before the items (the counts by country). */
  lead?: string;
  items: DigestItem[];
  /** Counts by country, a table in HTML. */
  table?: { head: string[]; rows: string[][] };
}

export interface ComposedDigest {
  subject: string;
  sections: DigestSection[];
  text: string;
  html: string;
  /** Nothing to report this week. */
  quiet: boolean;
  /** False when quiet and the recipient chose to skip quiet weeks. */
  send: boolean;
}

/** Notable notices named per section at most; the rest are counted. */
export const NOTABLE_LIMIT = 25;

const n = (x: number) => x.toLocaleString("en");
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

const REASON_WORDS: Record<NotableReason, string> = {
  linked: "linked to a case",
  flagged: "flagged by an indicator",
  reappeared: "reappeared",
  charges_changed: "charges changed",
  removed: "removed",
};

const KIND_WORDS = { added: "new", changed: "changed", removed: "removed", reappeared: "reappeared" } as const;

function noticeItem(x: NotableNotice): DigestItem {
  const where = x.countries.length ? ` (${x.countries.map((c) => countryLabel(c)).join(", ")})` : "";
  // "reappeared: reappeared" says nothing: a reason the kind already names is left out.
  const why = x.reasons.filter((r) => r !== x.kind).map((r) => REASON_WORDS[r]);
  if (x.caseReferences.length) why.push(`case ${x.caseReferences.join(", ")}`);
  return {
    text: `${x.name}${where}: ${KIND_WORDS[x.kind]}`,
    url: x.url,
    detail: why.length ? why.join("; ") : undefined,
  };
}

function cut<T>(list: T[], limit: number): { shown: T[]; more: number } {
  return { shown: list.slice(0, limit), more: Math.max(0, list.length - limit) };
}

export function composeDigest(input: DigestInput): ComposedDigest {
  const sections: DigestSection[] = [];
  const w = input.period.week.replace(/^\d{4}-W0?/, "");

  if (input.followedNoticeChanges.length) {
    sections.push({
      key: "followed",
      title: "Notices linked to the cases you follow",
      items: input.followedNoticeChanges.map(noticeItem),
    });
  }

  let noticeTotal = 0;
  if (input.noticeChanges) {
    const rows = input.noticeChanges.byCountry.filter((c) => c.added + c.changed + c.removed + c.reappeared > 0);
    noticeTotal = rows.reduce((s, c) => s + c.added + c.changed + c.removed + c.reappeared, 0);
    if (noticeTotal > 0) {
      const { shown, more } = cut(input.noticeChanges.notable, NOTABLE_LIMIT);
      const items = shown.map(noticeItem);
      if (more) items.push({ text: `and ${plural(more, "other notable notice")}`, url: `${input.appUrl}/changes?sort=important`, detail: undefined });
      sections.push({
        key: "notices",
        title: "Public red notices",
        lead: `${plural(noticeTotal, "change")} in the countries you watch${input.noticeChanges.watched.length ? ` (${input.noticeChanges.watched.map((c) => countryLabel(c)).join(", ")})` : ""}.`,
        table: {
          head: ["Country", "New", "Changed", "Removed", "Reappeared"],
          rows: rows.map((c) => [countryLabel(c.country), n(c.added), n(c.changed), n(c.removed), n(c.reappeared)]),
        },
        items,
      });
    }
  }

  if (input.flagged?.length) {
    sections.push({
      key: "flagged",
      title: "Flagged by an indicator",
      items: input.flagged.map((f) => ({ text: `${f.name}: ${f.indicator}`, url: f.url })),
    });
  }

  if (input.cases.length) {
    sections.push({
      key: "cases",
      title: "Cases",
      items: input.cases.map((c) => ({ text: `${c.reference} ${c.title}`, url: c.url, detail: c.isNew ? "new" : "updated" })),
    });
  }

  if (input.decisions.length) {
    sections.push({
      key: "decisions",
      title: "Decisions",
      items: input.decisions.map((d) => ({
        text: d.citation,
        url: d.url,
        detail: [FORUMS.label(d.forum), OUTCOMES.label(d.outcome), d.decidedOn].filter(Boolean).join(" · "),
      })),
    });
  }

  if (input.notifications.length) {
    sections.push({
      key: "notifications",
      title: "Your notifications",
      items: input.notifications.map((x) => ({ text: x.title, url: x.url, detail: x.body ?? undefined })),
    });
  }

  if (input.upcoming.length) {
    sections.push({
      key: "upcoming",
      title: "Hearings and deadlines in the coming two weeks",
      items: input.upcoming.map((u) => ({
        text: `${u.date}: ${kindLabel(u.kind)}, ${u.caseReference} ${u.caseTitle}`,
        url: u.url,
        detail: u.description ?? undefined,
      })),
    });
  }

  const quiet = sections.length === 0;
  const subject = `Article 3, week ${w}: ${quiet ? "a quiet week" : summary(input, noticeTotal)}`;
  const intro = quiet
    ? `A quiet week: nothing changed in what you follow between ${weekRangeText(input.period)}.`
    : `What changed in what you follow, ${weekRangeText(input.period)}.`;
  const composed = { subject, sections, intro, quiet };
  return {
    subject,
    sections,
    text: renderText(input, composed),
    html: renderDigestHtml(input, composed),
    quiet,
    send: !(quiet && input.quietWeek === "skip"),
  };
}

function kindLabel(kind: string): string {
  return PROCEDURAL_EVENT_KINDS.has(kind) ? PROCEDURAL_EVENT_KINDS.label(kind) : TIMELINE_EVENT_KINDS.label(kind);
}

/** A few words for the subject: the biggest news first. */
function summary(input: DigestInput, noticeTotal: number): string {
  const parts: string[] = [];
  if (input.followedNoticeChanges.length) parts.push(`${plural(input.followedNoticeChanges.length, "linked notice")} changed`);
  const newCases = input.cases.filter((c) => c.isNew).length;
  if (newCases) parts.push(plural(newCases, "new case"));
  if (input.upcoming.length) parts.push(plural(input.upcoming.length, "hearing or deadline", "hearings and deadlines"));
  if (input.decisions.length) parts.push(plural(input.decisions.length, "decision"));
  if (noticeTotal) parts.push(plural(noticeTotal, "notice change"));
  const updated = input.cases.length - newCases;
  if (updated) parts.push(plural(updated, "case update"));
  if (input.flagged?.length) parts.push(`${plural(input.flagged.length, "notice")} flagged`);
  if (input.notifications.length && parts.length === 0) parts.push(plural(input.notifications.length, "notification"));
  return parts.slice(0, 3).join(", ");
}

export interface ComposedParts {
  subject: string;
  sections: DigestSection[];
  intro: string;
  quiet: boolean;
}

/** The plain-text part: good on its own (links on their own lines, a table as lines). */
function renderText(input: DigestInput, c: ComposedParts): string {
  const out: string[] = [`Hello ${input.recipient.name},`, "", c.intro];
  for (const s of c.sections) {
    out.push("", s.title.toUpperCase(), "-".repeat(Math.min(60, s.title.length)));
    if (s.lead) out.push(s.lead);
    if (s.table) {
      for (const r of s.table.rows) out.push(`  ${r[0]}: ${s.table.head.slice(1).map((h, i) => `${r[i + 1]} ${h.toLowerCase()}`).join(", ")}`);
      if (s.items.length) out.push("");
    }
    for (const it of s.items) {
      out.push(`* ${it.text}${it.detail ? ` (${it.detail})` : ""}`);
      if (it.url) out.push(`  ${it.url}`);
    }
  }
  out.push("", "--", footerText(input));
  return `${out.join("\n")}\n`;
}

export function footerText(input: DigestInput): string {
  const lines = [
    input.recipient.kind === "external"
      ? "You receive this weekly digest of public information from Article 3 as a partner."
      : `You receive this weekly digest from Article 3. Change what it covers: ${input.settingsUrl ?? `${input.appUrl}/digest`}`,
    `Unsubscribe: ${input.unsubscribeUrl}`,
  ];
  if (input.manifestHash) lines.push(`Latest sealed evidence manifest: ${input.manifestHash}`);
  return lines.join("\n");
}
