// The orders the notices list and its export offer: one list, used by the query string schema,
// the query and the page's select.

export const NOTICE_SORTS = ["relevance", "name", "newest", "oldest", "updated", "score"] as const;
export type NoticeSort = (typeof NOTICE_SORTS)[number];

export const NOTICE_SORT_LABELS: Readonly<Record<NoticeSort, string>> = {
  relevance: "Best match",
  name: "Name",
  newest: "First seen, newest",
  oldest: "First seen, oldest",
  updated: "Recently changed",
  score: "Indicator score, highest first",
};

/**
 * The order actually used: best match by default when there is a search, name otherwise
 * ("best match" without a search has nothing to rank by, so it reads as name).
 */
export function effectiveSort(sort: NoticeSort | undefined, hasQuery: boolean): NoticeSort {
  if (!sort) return hasQuery ? "relevance" : "name";
  return sort === "relevance" && !hasQuery ? "name" : sort;
}
