// The kinds of notice event (docs/design.md, notice_events.kind), declared once with their words.

export const NOTICE_EVENT_KINDS = ["added", "changed", "removed", "reappeared"] as const;
export type NoticeEventKind = (typeof NOTICE_EVENT_KINDS)[number];

export const NOTICE_EVENT_LABELS: Record<NoticeEventKind, string> = {
  added: "Added",
  changed: "Changed",
  removed: "Removed",
  reappeared: "Reappeared",
};

/** What an event without field changes means, in a sentence. */
export const NOTICE_EVENT_MEANING: Record<NoticeEventKind, string> = {
  added: "Newly published on Interpol's site.",
  changed: "Its published content changed.",
  removed: "No longer published: its own page on Interpol's service answered Not Found.",
  reappeared: "Published again after it had been removed.",
};

export const BASELINE_MEANING = "Already published when Article 3 began watching (the baseline), so not counted as new.";

export function isNoticeEventKind(v: unknown): v is NoticeEventKind {
  return typeof v === "string" && (NOTICE_EVENT_KINDS as readonly string[]).includes(v);
}
