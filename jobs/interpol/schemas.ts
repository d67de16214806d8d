// Zod schemas for Interpol's responses, as documented in docs/interpol-api.md.
//
// Strict about structure (a page whose `total` is not a number, or whose notices are not an array,
// is not data we may act on: it would turn into false removals), tolerant about values the doc says
// vary (nulls, partial dates, 0 for unknown). Unknown extra keys are kept (loose objects) so that
// nothing Interpol adds is silently dropped from what callers see; the raw bytes are kept anyway.
import { z } from "zod";
import { ENTITY_ID_RE } from "../../lib/notice-id";

/** `2021/75051`: four-digit year, slash, sequence (declared in lib/notice-id.ts). */
export { ENTITY_ID_RE };

const href = z.looseObject({ href: z.string() });

/** A missing value key is read as null: only structure is strict. */
const nstr = z.string().nullish().transform((v) => v ?? null);
const strList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? null);

/** Numbers, sometimes sent as numeric strings by other crawlers' captures; anything else fails. */
const measure = z
  .union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/)])
  .nullish()
  .transform((v) => (v === undefined || v === null ? null : typeof v === "number" ? v : Number(v)));

export const entityIdSchema = z.string().regex(ENTITY_ID_RE, "entity_id must look like 2021/75051");

export const noticeLinksSchema = z.looseObject({
  self: href.optional(),
  images: href.optional(),
  thumbnail: href.optional(),
});

export const listItemSchema = z.looseObject({
  forename: nstr,
  name: nstr,
  date_of_birth: nstr,
  entity_id: entityIdSchema,
  nationalities: strList,
  _links: noticeLinksSchema.nullish().transform((v) => v ?? {}),
});

export const pageLinksSchema = z.looseObject({
  self: href.optional(),
  first: href.optional(),
  previous: href.optional(),
  next: href.optional(),
  last: href.optional(),
});

export const listPageSchema = z.looseObject({
  total: z.number().int().nonnegative(),
  // The echo of what was asked (page clamped past the last); values vary in type, keep as given.
  query: z.looseObject({}).nullish().transform((v) => v ?? {}),
  _embedded: z.looseObject({ notices: z.array(listItemSchema) }),
  _links: pageLinksSchema.nullish().transform((v) => v ?? {}),
});

export const warrantSchema = z.looseObject({
  issuing_country_id: nstr,
  charge: nstr,
  charge_translation: nstr,
});

export const detailSchema = z.looseObject({
  entity_id: entityIdSchema,
  forename: nstr,
  name: nstr,
  date_of_birth: nstr,
  sex_id: nstr,
  nationalities: strList,
  arrest_warrants: z
    .array(warrantSchema)
    .nullish()
    .transform((v) => v ?? []),
  weight: measure,
  height: measure,
  languages_spoken_ids: strList,
  eyes_colors_id: strList,
  hairs_id: strList,
  country_of_birth_id: nstr,
  place_of_birth: nstr,
  distinguishing_marks: nstr,
  _embedded: z.unknown().optional(),
  _links: noticeLinksSchema.nullish().transform((v) => v ?? {}),
});

/** `/notices/v1/red/{id}/images`. Only `picture_id` is relied on; ids come as strings or numbers. */
export const imagesSchema = z.looseObject({
  _embedded: z.looseObject({
    images: z.array(
      z.looseObject({
        picture_id: z.union([z.string(), z.number()]).transform((v) => String(v)),
        _links: z.unknown().optional(),
      }),
    ),
  }),
  _links: z.unknown().optional(),
});

/** https://www.interpol.int/en/notices/data/countries */
export const countriesSchema = z.array(z.looseObject({ name: z.string(), value: z.string() }));

/** The 404 body seen in older captures; informative only. */
export const notFoundBodySchema = z.looseObject({
  status: z.literal(404),
  name: z.string().optional(),
  message: z.string().optional(),
});

export type ListItem = z.infer<typeof listItemSchema>;
export type ListPage = z.infer<typeof listPageSchema>;
export type Warrant = z.infer<typeof warrantSchema>;
export type NoticeDetail = z.infer<typeof detailSchema>;
export type ImagesList = z.infer<typeof imagesSchema>;
export type Countries = z.infer<typeof countriesSchema>;
/** What the service sends (before tolerant defaults), for fakes and fixtures. */
export type NoticeDetailInput = z.input<typeof detailSchema>;
export type ListPageInput = z.input<typeof listPageSchema>;
