// Writing a checked cases CSV (lib/case-csv.ts) into the database: all rows or none, in one
// transaction. A row's `key` finds the case to update, so importing the same file again changes
// nothing new. Each row's decision_* columns become a decision of the case, its `sources` cell
// sources linked to the case, its `notice_ids` alerts linked to those notices.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { caseAlerts, cases, decisions, sourceLinks, sources, type PROVENANCES } from "../schema/cases";
import { recordAudit } from "./audit";
import { nextCaseReference, type Actor } from "./cases";
import { partialDate, type CaseImportRow } from "../../lib/case-csv";
import { countryName } from "../../lib/countries";
import { FORUMS } from "../../lib/taxonomy";

export interface ImportOutcome {
  created: number;
  updated: number;
  /** Per row: what happens to it. */
  rows: { row: number; key: string; action: "create" | "update"; reference: string | null }[];
}

/**
 * A stable citation for an imported decision when the file has none: forum (host country),
 * date, and the case key, e.g. "Extradition court (France), 2021-07 (h-bordeaux)".
 */
export function derivedCitation(row: Pick<CaseImportRow, "key" | "hostCountries">, d: { forum: string; decidedOn: string | null }): string {
  const host = row.hostCountries[0] ? countryName(row.hostCountries[0]) : undefined;
  return `${FORUMS.label(d.forum)}${host ? ` (${host})` : ""}, ${d.decidedOn ?? "undated"} (${row.key})`;
}

class DryRun extends Error {}

export async function importCases(
  db: Db,
  actor: Actor,
  rows: CaseImportRow[],
  opts: { dryRun?: boolean; provenance?: (typeof PROVENANCES)[number]; now?: Date; file?: string } = {},
): Promise<ImportOutcome> {
  const now = opts.now ?? new Date();
  const outcome: ImportOutcome = { created: 0, updated: 0, rows: [] };
  try {
    await db.transaction(async (tx) => {
      const keys = rows.map((r) => r.key);
      const existing = keys.length
        ? await tx.select({ id: cases.id, key: cases.key, reference: cases.reference }).from(cases).where(inArray(cases.key, keys))
        : [];
      const byKey = new Map(existing.map((e) => [e.key, e]));
      for (const r of rows) {
        const found = byKey.get(r.key);
        outcome.rows.push({ row: r.row, key: r.key, action: found ? "update" : "create", reference: found?.reference ?? null });
        if (found) outcome.updated++;
        else outcome.created++;
      }
      if (opts.dryRun) throw new DryRun();

      for (const r of rows) {
        const values = {
          subjectName: r.subjectName,
          subjectIsPseudonym: r.subjectIsPseudonym,
          subjectRole: r.subjectRole,
          requestingCountry: r.requestingCountry,
          hostCountries: r.hostCountries,
          nationalities: r.nationalities,
          years: r.years,
          yearFrom: r.yearFrom,
          yearTo: r.yearTo,
          chargesAlleged: r.chargesAlleged,
          motives: r.motives,
          tactics: r.tactics,
          alertStatus: r.alertStatus,
          libertyStatus: r.libertyStatus,
          extraditionOutcome: r.extraditionOutcome,
          protectionStatus: r.protectionStatus,
          summary: r.summary,
          visibility: r.visibility,
          // Absent column: the stored legal name stays.
          ...(r.legalName !== undefined ? { legalName: r.legalName } : {}),
          updatedAt: now,
          updatedBy: actor.userId,
        };
        const found = byKey.get(r.key);
        let caseId: number;
        let reference: string;
        if (found) {
          caseId = found.id;
          reference = found.reference;
          await tx
            .update(cases)
            .set({ ...values, version: sql_increment(), deletedAt: null, deletedBy: null })
            .where(eq(cases.id, caseId));
        } else {
          reference = await nextCaseReference(tx, r.yearFrom ?? now.getUTCFullYear());
          const [row] = await tx
            .insert(cases)
            .values({
              ...values,
              reference,
              key: r.key,
              title: r.subjectName,
              provenance: opts.provenance ?? "original",
              createdAt: now,
              createdBy: actor.userId,
            })
            .returning({ id: cases.id });
          caseId = row!.id;
        }
        outcome.rows.find((o) => o.row === r.row)!.reference = reference;

        if (r.decision) {
          const date = r.decision.decidedOn ? partialDate(r.decision.decidedOn) : null;
          const dv = {
            forum: r.decision.forum,
            outcome: r.decision.outcome,
            grounds: r.decision.grounds,
            decidedOn: date?.value ?? null,
            decidedPrecision: date?.precision ?? null,
            decidedSort: date?.sort ?? null,
            requestingCountry: r.requestingCountry,
            jurisdiction: r.hostCountries[0] ?? null,
            visibility: r.visibility,
            updatedAt: now,
            updatedBy: actor.userId,
          };
          const [decision] = await tx
            .select({ id: decisions.id })
            .from(decisions)
            .where(and(eq(decisions.caseId, caseId), isNull(decisions.deletedAt)))
            .orderBy(asc(decisions.id))
            .limit(1);
          const citation = derivedCitation(r, r.decision);
          if (decision) await tx.update(decisions).set({ ...dv, version: sql_increment(decisions.version) }).where(eq(decisions.id, decision.id));
          else
            await tx.insert(decisions).values({
              ...dv,
              citation,
              caseId,
              provenance: opts.provenance ?? "original",
              createdAt: now,
              createdBy: actor.userId,
            });
        }

        if (r.sources.length) {
          const linked = await tx
            .select({ id: sources.id, title: sources.title })
            .from(sourceLinks)
            .innerJoin(sources, eq(sources.id, sourceLinks.sourceId))
            .where(and(eq(sourceLinks.recordType, "case"), eq(sourceLinks.recordId, caseId)));
          const have = new Map(linked.map((s) => [s.title, s.id]));
          for (const title of r.sources) {
            const id = have.get(title);
            if (id) {
              await tx.update(sources).set({ visibility: r.visibility, updatedAt: now, updatedBy: actor.userId }).where(eq(sources.id, id));
              continue;
            }
            const [s] = await tx
              .insert(sources)
              .values({ title, kind: "other", reliability: "unknown", visibility: r.visibility, createdAt: now, createdBy: actor.userId, updatedAt: now, updatedBy: actor.userId })
              .returning({ id: sources.id });
            await tx.insert(sourceLinks).values({ sourceId: s!.id, recordType: "case", recordId: caseId });
            have.set(title, s!.id);
          }
        }

        for (const entityId of r.noticeIds) {
          const [alert] = await tx
            .select({ id: caseAlerts.id })
            .from(caseAlerts)
            .where(and(eq(caseAlerts.caseId, caseId), eq(caseAlerts.entityId, entityId), isNull(caseAlerts.deletedAt)));
          if (alert) continue;
          await tx.insert(caseAlerts).values({
            caseId,
            kind: "red_notice",
            entityId,
            issuingCountry: r.requestingCountry,
            status: r.alertStatus,
            visibility: r.visibility,
            createdAt: now,
            createdBy: actor.userId,
            updatedAt: now,
            updatedBy: actor.userId,
          });
        }
      }
      await recordAudit(tx as unknown as Db, {
        actorId: actor.userId,
        action: "cases.imported",
        ip: actor.ip ?? (actor.userId ? undefined : "cli"),
        details: { created: outcome.created, updated: outcome.updated, file: opts.file ?? null },
      });
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return outcome;
}

function sql_increment(column: typeof cases.version | typeof decisions.version = cases.version) {
  return sql`${column} + 1`;
}
