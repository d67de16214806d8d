// Interpol's notice ids, in the one place that knows their two spellings: the body's entity id
// `2021/75051` and the dash form `2021-75051` that Interpol's paths (and ours) use.

/** An entity id as Interpol's detail bodies give it: year, slash, sequence. */
export const ENTITY_ID_RE = /^\d{4}\/\d+$/;
/** The same id as a URL path segment. */
export const NOTICE_SLUG_RE = /^\d{4}-\d+$/;

export const isEntityId = (value: string): boolean => ENTITY_ID_RE.test(value);

/** `2021/75051` → `2021-75051`. */
export function idToSlug(entityId: string): string {
  return entityId.replace("/", "-");
}

/** `2021-75051` → `2021/75051`; null for anything else (so a route answers 404, not 500). */
export function slugToId(slug: string): string | null {
  return NOTICE_SLUG_RE.test(slug) ? slug.replace("-", "/") : null;
}

/** Our own page for a notice. */
export const noticePath = (entityId: string): string => `/notices/${idToSlug(entityId)}`;

/**
 * The notice on Interpol's public site. The site has no page per notice: its list page opens the
 * notice named by the fragment (docs/interpol-api.md gives no other address).
 */
export function interpolNoticeUrl(entityId: string): string {
  return `https://www.interpol.int/How-we-work/Notices/Red-Notices/View-Red-Notices#${idToSlug(entityId)}`;
}
