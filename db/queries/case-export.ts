// Cases of the current filter for export (CSV, JSON, FollowTheMoney). An export holds public
// records only unless an admin asks for more (`include`); visibility is applied in the SQL as for
// the list, and the legal name leaves only with an admin's internal or restricted export.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { caseAlerts, caseEvents, cases, decisions, sourceLinks, sources } from "../schema/cases";
import { restrictedField, visibleTo } from "./visibility";
import { listCases, type CaseFilters, type CaseSort } from "./cases";
import { PUBLIC_VIEWER, type Viewer, type Visibility } from "../../lib/visibility";
import { subjectCell } from "../../lib/case-csv";

export type ExportInclude = "public" | "internal" | "restricted";

/** The viewer an export reads as: the public unless an admin asked for internal or restricted records. */
export function exportViewer(viewer: Viewer, include: ExportInclude): { viewer: Viewer; levels: Visibility[] } {
  if (include === "public" || viewer.kind !== "user" || viewer.role !== "admin") return { viewer: PUBLIC_VIEWER, levels: ["public"] };
  return { viewer, levels: include === "internal" ? ["public", "internal"] : ["public", "internal", "restricted"] };
}

export interface ExportedCase {
  id: number;
  reference: string;
  key: string;
  title: string;
  subject: string;
  subjectName: string;
  subjectIsPseudonym: boolean;
  subjectRole: string | null;
  requestingCountry: string | null;
  hostCountries: string[];
  nationalities: string[];
  years: string | null;
  chargesAlleged: string | null;
  motives: string[];
  tactics: string[];
  alertStatus: string;
  libertyStatus: string;
  extraditionOutcome: string;
  protectionStatus: string;
  monitoringStatus: string;
  summary: string | null;
  visibility: string;
  provenance: string;
  legalName: string | null;
  updatedAt: Date;
  decision: { citation: string; forum: string; decidedOn: string | null; outcome: string; grounds: string[] } | null;
  sources: { title: string; kind: string; publisher: string | null; publishedOn: string | null; url: string | null; reliability: string }[];
  noticeIds: string[];
  events: { occurredOn: string; precision: string; approximate: boolean; kind: string; actor: string | null; target: string | null; place: string | null; placeCountry: string | null; description: string | null }[];
}

/** Every matching case, in pages of 200, for streaming. */
export async function* exportCases(db: Db, asker: Viewer, f: CaseFilters & { sort?: CaseSort }, include: ExportInclude): AsyncGenerator<ExportedCase[]> {
  const { viewer, levels } = exportViewer(asker, include);
  const legalNames = levels.length > 1;
  for (let page = 1; ; page++) {
    const { rows } = await listCases(db, viewer, { ...f, sort: f.sort ?? "reference", page, pageSize: 200 });
    const inLevels = rows.filter((r) => levels.includes(r.visibility));
    if (!inLevels.length && rows.length < 200) return;
    const ids = inLevels.map((r) => r.id);
    if (!ids.length) continue;
    const [details, decisionRows, sourceRows, alertRows, eventRows] = await Promise.all([
      db
        .select({
          id: cases.id,
          chargesAlleged: cases.chargesAlleged,
          summary: cases.summary,
          nationalities: cases.nationalities,
          legalName: sql<string | null>`${restrictedField(viewer, cases.legalName, "case", cases.id)}`,
        })
        .from(cases)
        .where(inArray(cases.id, ids)),
      db
        .select({ caseId: decisions.caseId, citation: decisions.citation, forum: decisions.forum, decidedOn: decisions.decidedOn, outcome: decisions.outcome, grounds: decisions.grounds, visibility: decisions.visibility })
        .from(decisions)
        .where(and(inArray(decisions.caseId, ids), visibleTo(viewer, decisions, "decision")))
        .orderBy(asc(decisions.id)),
      db
        .select({ caseId: sourceLinks.recordId, title: sources.title, kind: sources.kind, publisher: sources.publisher, publishedOn: sources.publishedOn, url: sources.url, reliability: sources.reliability, visibility: sources.visibility })
        .from(sourceLinks)
        .innerJoin(sources, eq(sources.id, sourceLinks.sourceId))
        .where(and(eq(sourceLinks.recordType, "case"), inArray(sourceLinks.recordId, ids), visibleTo(viewer, sources, "source")))
        .orderBy(asc(sources.id)),
      db
        .select({ caseId: caseAlerts.caseId, entityId: caseAlerts.entityId, visibility: caseAlerts.visibility })
        .from(caseAlerts)
        .where(and(inArray(caseAlerts.caseId, ids), visibleTo(viewer, caseAlerts, "case_alert"), sql`${caseAlerts.entityId} is not null`))
        .orderBy(asc(caseAlerts.id)),
      db
        .select({
          caseId: caseEvents.caseId,
          occurredOn: caseEvents.occurredOn,
          precision: caseEvents.precision,
          approximate: caseEvents.approximate,
          kind: caseEvents.kind,
          actor: caseEvents.actor,
          target: caseEvents.target,
          place: caseEvents.place,
          placeCountry: caseEvents.placeCountry,
          description: caseEvents.description,
          visibility: caseEvents.visibility,
        })
        .from(caseEvents)
        .where(and(inArray(caseEvents.caseId, ids), visibleTo(viewer, caseEvents, "case_event"), isNull(caseEvents.deletedAt)))
        .orderBy(asc(caseEvents.sortDate), asc(caseEvents.id)),
    ]);
    const detail = new Map(details.map((d) => [d.id, d]));
    const allowed = (v: string) => levels.includes(v as Visibility);
    yield inLevels.map((r) => {
      const d = detail.get(r.id)!;
      const decision = decisionRows.find((x) => x.caseId === r.id && allowed(x.visibility));
      return {
        id: r.id,
        reference: r.reference,
        key: r.key,
        title: r.title,
        subject: subjectCell(r.subjectName, r.subjectIsPseudonym),
        subjectName: r.subjectName,
        subjectIsPseudonym: r.subjectIsPseudonym,
        subjectRole: r.subjectRole,
        requestingCountry: r.requestingCountry,
        hostCountries: r.hostCountries,
        nationalities: d.nationalities,
        years: r.years,
        chargesAlleged: d.chargesAlleged,
        motives: r.motives,
        tactics: r.tactics,
        alertStatus: r.alertStatus,
        libertyStatus: r.libertyStatus,
        extraditionOutcome: r.extraditionOutcome,
        protectionStatus: r.protectionStatus,
        monitoringStatus: r.monitoringStatus,
        summary: d.summary,
        visibility: r.visibility,
        provenance: r.provenance,
        legalName: legalNames ? d.legalName : null,
        updatedAt: r.updatedAt,
        decision: decision ? { citation: decision.citation, forum: decision.forum, decidedOn: decision.decidedOn, outcome: decision.outcome, grounds: decision.grounds } : null,
        sources: sourceRows.filter((s) => s.caseId === r.id && allowed(s.visibility)).map(({ caseId: _c, visibility: _v, ...s }) => s),
        noticeIds: [...new Set(alertRows.filter((a) => a.caseId === r.id && allowed(a.visibility)).map((a) => a.entityId!))],
        events: eventRows.filter((e) => e.caseId === r.id && allowed(e.visibility)).map(({ caseId: _c, visibility: _v, ...e }) => e),
      };
    });
    if (rows.length < 200) return;
  }
}

/** One CSV row in CASE_CSV_COLUMNS order (legal_name last but one only when `withLegalName`). */
export function caseCsvCells(c: ExportedCase, withLegalName: boolean): (string | string[] | null)[] {
  const cells: (string | string[] | null)[] = [
    c.key,
    c.subject,
    c.subjectRole,
    c.requestingCountry,
    c.hostCountries,
    c.years,
    c.chargesAlleged,
    c.motives,
    c.tactics,
    c.alertStatus,
    c.libertyStatus,
    c.extraditionOutcome,
    c.protectionStatus,
    c.decision?.forum ?? null,
    c.decision?.decidedOn ?? null,
    c.decision?.outcome ?? null,
    c.decision?.grounds ?? null,
    c.summary,
    c.sources.map((s) => s.title.replace(/;/g, ",")),
    c.visibility,
  ];
  if (withLegalName) cells.push(c.legalName);
  cells.push(c.nationalities, c.noticeIds);
  return cells;
}

/**
 * FollowTheMoney entities for one case (OpenSanctions, Aleph): the subject as a Person and the
 * state's request as a Sanction. Deliberately no `topics`: `wanted` or `crime` would make
 * screening tools treat the person as a fugitive, which is what the requesting state wants.
 */
export function caseFtm(c: ExportedCase, baseUrl: string): Record<string, unknown>[] {
  const personId = `article3-${c.reference.toLowerCase()}-subject`;
  const url = `${baseUrl.replace(/\/$/, "")}/cases/${c.reference}`;
  const person = {
    id: personId,
    schema: "Person",
    properties: {
      name: [c.subjectName],
      ...(c.nationalities.length ? { nationality: c.nationalities.map((n) => n.toLowerCase()) } : {}),
      ...(c.subjectRole ? { position: [c.subjectRole] } : {}),
      ...(c.hostCountries.length ? { country: c.hostCountries.map((n) => n.toLowerCase()) } : {}),
      notes: [`Subject of case ${c.reference} in Article 3: a person pursued abroad${c.subjectIsPseudonym ? " (pseudonym)" : ""}.`],
      sourceUrl: [url],
    },
  };
  const sanction = {
    id: `article3-${c.reference.toLowerCase()}-request`,
    schema: "Sanction",
    properties: {
      entity: [personId],
      ...(c.requestingCountry ? { authority: [`Requesting state: ${c.requestingCountry}`], country: [c.requestingCountry.toLowerCase()] } : {}),
      program: ["Interpol notice or diffusion, as alleged by the requesting state (disputed)"],
      ...(c.chargesAlleged ? { reason: [`Charges as alleged by the requesting state: ${c.chargesAlleged}`] } : {}),
      status: [c.alertStatus],
      ...(c.summary ? { summary: [c.summary] } : {}),
      sourceUrl: [url],
    },
  };
  return [person, sanction];
}
