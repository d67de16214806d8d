// Record ids in URLs (/runs/12, ?run=12, ?before=345): whole numbers the database can hold.
// Anything else (1e10, 9999999999999, -1, 0x10) is "no such record", never a database error.
import { z } from "zod";

/** The largest PostgreSQL integer (int4): serial and identity ids stop there. */
export const MAX_INT_ID = 2_147_483_647;

/** A positive int4 id from a path segment or query value, or null. */
export function parseIntId(value: string | null | undefined): number | null {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const n = Number(value);
  return n <= MAX_INT_ID ? n : null;
}

/** The same as a zod query parameter, with a message. */
export const intIdParam = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => parseIntId(s) !== null, `Enter ${what} as a whole number, e.g. 12.`)
    .transform((s) => parseIntId(s)!);

/** Bigint ids (notice events, audit entries): positive and within JavaScript's safe range. */
export const bigIdParam = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^[1-9]\d{0,15}$/.test(s) && Number.isSafeInteger(Number(s)), `Enter ${what} as a whole number.`)
    .transform(Number);
