// Demo cases for `npm run demo`: the fifteen public cases "as reported" (db/seed/public-cases.csv,
// with their decisions and sources, public), H's timeline as ICIJ's China Targets reported it, and
// a few hundred synthetic cases marked fictional (the UI says so on every one), so that the
// pages, charts and search have something to show. Idempotent: running it again changes nothing new.
import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { importCases } from "../queries/case-import";
import { caseActors, caseEvents, cases } from "../schema/cases";
import { parseCaseCsv, partialDate, type CaseImportRow } from "../../lib/case-csv";
import { ALERT_STATUSES, EXTRADITION_OUTCOMES, FORUMS, GROUNDS, LIBERTY_STATUSES, MOTIVES, OUTCOMES, PROTECTION_STATUSES, TACTICS } from "../../lib/taxonomy";

const CLI = { userId: null, ip: "demo" };

export const DEMO_FICTIONAL_COUNT = 300;

/** A small deterministic generator (mulberry32), so every demo has the same cases. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REQUESTING = ["CN", "RU", "TR", "BH", "AE", "EG", "TJ", "BY", "VE", "IR", "KZ", "RW", "SA", "UZ", "AZ"];
const HOSTS = ["FR", "DE", "ES", "IT", "GB", "US", "TH", "PL", "CZ", "NL", "SE", "CA", "AU", "UA", "GE", "RS"];
const ROLES = ["journalist", "businessman", "opposition politician", "lawyer", "blogger", "activist", "former official", "academic", "footballer", "imam"];
const FIRST = ["Amina", "Dmitri", "Leyla", "Karim", "Olga", "Yusuf", "Mei", "Arman", "Nadia", "Timur", "Sara", "Ilkin", "Farida", "Rustam", "Hana"];
const LAST = ["K.", "B.", "S.", "M.", "T.", "R.", "A.", "D.", "Z.", "N."];

const pick = <T>(r: () => number, list: readonly T[]) => list[Math.floor(r() * list.length)]!;
const some = <T>(r: () => number, list: readonly T[], max: number) => [...new Set(Array.from({ length: 1 + Math.floor(r() * max) }, () => pick(r, list)))];

function fictionalRows(count: number): CaseImportRow[] {
  const r = rng(9);
  return Array.from({ length: count }, (_, i) => {
    const year = 2012 + Math.floor(r() * 13);
    const decided = r() < 0.5;
    const name = `${pick(r, FIRST)} ${pick(r, LAST)}`;
    const pseudonym = r() < 0.3;
    const visibility = r() < 0.6 ? "public" : r() < 0.75 ? "internal" : "restricted";
    return {
      row: i + 1,
      key: `demo-${String(i + 1).padStart(4, "0")}`,
      subjectName: pseudonym ? String.fromCharCode(65 + (i % 26)) + String(i) : name,
      subjectIsPseudonym: pseudonym,
      subjectRole: pick(r, ROLES),
      requestingCountry: pick(r, REQUESTING),
      hostCountries: [pick(r, HOSTS)],
      years: `${year}-${year + Math.floor(r() * 3)}`,
      yearFrom: year,
      yearTo: year + 1,
      chargesAlleged: pick(r, ["Fraud", "Embezzlement", "Extremism", "Terrorism", "Money laundering", "Tax evasion", "Insulting the head of state"]),
      motives: some(r, MOTIVES.keys, 2),
      tactics: ["red_notice", ...some(r, TACTICS.keys, 3)].filter((v, j, a) => a.indexOf(v) === j),
      alertStatus: pick(r, ALERT_STATUSES.keys),
      libertyStatus: pick(r, LIBERTY_STATUSES.keys),
      extraditionOutcome: pick(r, EXTRADITION_OUTCOMES.keys),
      protectionStatus: pick(r, PROTECTION_STATUSES.keys),
      decision: decided ? { forum: pick(r, FORUMS.keys), decidedOn: `${year + 1}-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}`, outcome: pick(r, OUTCOMES.keys), grounds: some(r, GROUNDS.keys, 2) } : null,
      summary: `Fictional case for the demo: a ${pick(r, ROLES)} pursued abroad. None of this happened.`,
      sources: [`Fictional source ${i + 1}`],
      visibility,
      legalName: pseudonym ? `Fictional legal name ${i + 1}` : null,
      nationalities: [],
      noticeIds: [],
    };
  });
}

/** H's timeline, as ICIJ's China Targets (2025) and the French press reported it. */
const H_EVENTS = [
  { occurredOn: "2020", kind: "notice_issued", actor: "China (NCB Beijing)", target: "H", place: null, description: "Red notice at Beijing's request over the collapse of the Tuandai.com lending platform." },
  { occurredOn: "2020", kind: "extradition_request", actor: "China", target: "H", place: "Bordeaux", description: "Extradition requested; his passport held by French authorities pending the proceedings." },
  { occurredOn: "2021", kind: "relative_detained", actor: "Chinese police", target: "H's sister", place: null, description: "His sister arrested in China." },
  { occurredOn: "2021-04", kind: "intermediary_pressure", actor: "A famous acquaintance (Jack Ma, as reported)", target: "H", place: null, description: "A phone call urging him to return, said to be part of the case against former vice-minister Sun Lijun." },
  { occurredOn: "2021-07", kind: "decision", actor: "French courts", target: "H", place: "Bordeaux", description: "Extradition refused as politically motivated." },
  { occurredOn: "2021", kind: "notice_removed", actor: "Interpol", target: "H", place: null, description: "Interpol removed the notice." },
];

export async function loadDemoCases(db: Db): Promise<{ public: number; fictional: number }> {
  const csv = readFileSync(new URL("./public-cases.csv", import.meta.url), "utf8");
  const parsed = parseCaseCsv(csv);
  if (parsed.errors.length) throw new Error(`public-cases.csv: ${parsed.errors.length} problem(s)`);
  // Published reports: public, as reported.
  const reported = parsed.rows.map((r) => ({ ...r, visibility: "public" as const }));
  await importCases(db, CLI, reported, { provenance: "as_reported", file: "db/seed/public-cases.csv" });

  const [h] = await db.select({ id: cases.id }).from(cases).where(eq(cases.key, "h-bordeaux"));
  if (h) {
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(caseEvents).where(eq(caseEvents.caseId, h.id))) as [{ n: number }];
    if (n === 0) {
      await db.insert(caseEvents).values(
        H_EVENTS.map((e) => {
          const d = partialDate(e.occurredOn)!;
          return { ...e, caseId: h.id, occurredOn: d.value, precision: d.precision, sortDate: d.sort, visibility: "public" as const };
        }),
      );
      await db.insert(caseActors).values({ caseId: h.id, name: "A famous acquaintance", kind: "person", role: "intermediary", description: "Phoned in April 2021 urging return (as reported).", visibility: "public" });
    }
  }

  const [{ f }] = (await db
    .select({ f: sql<number>`count(*)::int`.mapWith(Number) })
    .from(cases)
    .where(and(eq(cases.provenance, "fictional")))) as [{ f: number }];
  if (f === 0) {
    const rows = fictionalRows(DEMO_FICTIONAL_COUNT);
    await importCases(db, CLI, rows, { provenance: "fictional", file: "demo (fictional)" });
    // A few timeline events each, so the timelines and charts have something to show.
    const ids = await db.select({ id: cases.id, key: cases.key, yearFrom: cases.yearFrom, visibility: cases.visibility }).from(cases).where(eq(cases.provenance, "fictional"));
    const r = rng(11);
    const kinds = ["notice_issued", "arrest", "detention", "release", "hearing", "relative_threatened_or_interrogated", "surveillance_or_stalking", "asylum_claim"];
    const events = ids.flatMap((c) =>
      Array.from({ length: 2 + Math.floor(r() * 3) }, (_, j) => {
        const d = partialDate(`${(c.yearFrom ?? 2018) + j}-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}`)!;
        return { caseId: c.id, occurredOn: d.value, precision: d.precision, sortDate: d.sort, kind: pick(r, kinds), description: "Fictional event.", visibility: c.visibility };
      }),
    );
    for (let i = 0; i < events.length; i += 500) await db.insert(caseEvents).values(events.slice(i, i + 500));
  }
  const counts = await db
    .select({ provenance: cases.provenance, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(cases)
    .groupBy(cases.provenance);
  return {
    public: counts.find((c) => c.provenance === "as_reported")?.n ?? 0,
    fictional: counts.find((c) => c.provenance === "fictional")?.n ?? 0,
  };
}
