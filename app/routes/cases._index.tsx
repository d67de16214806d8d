import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { caseFacets, listCases, type FacetCount } from "../../db/queries/cases";
import { CASE_SORTS } from "../../lib/case-fields";
import { MONITORING_STATUSES } from "../../db/schema/cases";
import { countryName } from "../../lib/countries";
import { hasRole } from "../../lib/roles";
import { ALERT_STATUSES, EXTRADITION_OUTCOMES, LIBERTY_STATUSES, MOTIVES, PROTECTION_STATUSES, TACTICS, type Vocabulary } from "../../lib/taxonomy";
import { VISIBILITIES, VISIBILITY_LABELS, viewerOf } from "../../lib/visibility";
import { requireUser } from "../auth.server";
import { CASE_FILTER_LABELS, CASE_SORT_LABELS, CASES_PER_PAGE, parseCaseFilters } from "../case-forms";
import { CaseBadges } from "../components/CaseBits";
import { FilterErrors } from "../components/FilterField";
import { Pager } from "../components/Pager";
import { rawValue, rawValues, toSearch } from "../filters";
import { formatCount, formatDate } from "../format";

export const meta: MetaFunction = () => [{ title: "Cases · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const viewer = viewerOf(user);
  const parsed = parseCaseFilters(args.request.url);
  const isEditor = hasRole(user.role, "editor");
  const isAdmin = user.role === "admin";
  if (!parsed.ok) {
    return data({ ok: false as const, errors: parsed.errors, raw: parsed.raw, isEditor, isAdmin }, { status: 400 });
  }
  const { page = 1, sort, include: _include, deleted, ...filters } = parsed.values;
  const db = args.context.database.db;
  const showDeleted = deleted === "1" && isAdmin;
  const [list, facets] = await Promise.all([
    listCases(db, viewer, { ...filters, deleted: showDeleted, sort, page, pageSize: CASES_PER_PAGE }),
    caseFacets(db, viewer, { ...filters, deleted: showDeleted }),
  ]);
  return { ok: true as const, list, facets, values: parsed.values, raw: parsed.raw, isEditor, isAdmin, showDeleted };
}

function Select({
  name,
  vocab,
  value,
  counts,
  label,
}: {
  name: string;
  vocab: { terms: readonly { key: string; label: string }[] } | Vocabulary;
  value: string;
  counts?: FacetCount[];
  label?: string;
}) {
  const n = new Map((counts ?? []).map((c) => [c.key, c.count]));
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label ?? CASE_FILTER_LABELS[name]}</label>
      <select id={`f-${name}`} name={name} defaultValue={value}>
        <option value="">Any</option>
        {vocab.terms.map((t) => (
          <option key={t.key} value={t.key}>
            {t.label}
            {counts ? ` (${formatCount(n.get(t.key) ?? 0)})` : ""}
          </option>
        ))}
      </select>
    </div>
  );
}

const countryTerms = (counts: FacetCount[] | undefined, value: string) => {
  const list = [...(counts ?? [])];
  if (value && !list.some((c) => c.key === value)) list.push({ key: value, count: 0 });
  return {
    terms: list
      .map((c) => ({ key: c.key, label: countryName(c.key) ?? c.key }))
      .sort((a, b) => a.label.localeCompare(b.label, "en")),
  };
};

export default function Cases() {
  const d = useLoaderData<typeof loader>();
  const raw = d.raw as Record<string, string | string[]>;
  const v = (k: string) => rawValue(raw, k);
  const facets = d.ok ? d.facets : undefined;
  const exportSearch = d.ok ? toSearch({ ...d.values, page: undefined, sort: undefined }) : "";
  return (
    <>
      <div className="page-header">
        <h1>Cases</h1>
        <p className="muted">
          People pursued abroad: the notice or diffusion, arrests, hearings, pressure on relatives, and the outcomes, each
          with its sources.
        </p>
        {d.isEditor ? (
          <p>
            <Link to="/cases/new" className="button">
              Record a case
            </Link>{" "}
            <Link to="/cases/import" className="button button--secondary">
              Import a CSV
            </Link>
          </p>
        ) : null}
      </div>
      <Form method="get" className="filters" role="search" aria-label="Filter cases">
        <div className="field field--wide">
          <label htmlFor="f-q">Text</label>
          <input id="f-q" name="q" type="search" defaultValue={v("q")} placeholder="Name, reference, charges, summary" />
        </div>
        <Select name="requesting_country" vocab={countryTerms(facets?.requesting_country, v("requesting_country"))} value={v("requesting_country")} counts={facets?.requesting_country} />
        <Select name="host_country" vocab={countryTerms(facets?.host_country, v("host_country"))} value={v("host_country")} counts={facets?.host_country} />
        <Select name="motive" vocab={MOTIVES} value={v("motive")} counts={facets?.motive} />
        <Select name="tactic" vocab={TACTICS} value={v("tactic")} counts={facets?.tactic} />
        {(["host_country", "motive", "tactic"] as const).flatMap((name) =>
          rawValues(raw, name)
            .slice(1)
            .map((value) => (
              <div className="field" key={`${name}-${value}`}>
                <label>
                  <input type="checkbox" name={name} value={value} defaultChecked />{" "}
                  {`and also ${CASE_FILTER_LABELS[name]!.toLowerCase()}: ${
                    name === "motive" ? MOTIVES.label(value) : name === "tactic" ? TACTICS.label(value) : (countryName(value) ?? value)
                  }`}
                </label>
              </div>
            )),
        )}
        <Select name="alert_status" vocab={ALERT_STATUSES} value={v("alert_status")} counts={facets?.alert_status} />
        <Select name="liberty_status" vocab={LIBERTY_STATUSES} value={v("liberty_status")} counts={facets?.liberty_status} />
        <Select name="extradition_outcome" vocab={EXTRADITION_OUTCOMES} value={v("extradition_outcome")} counts={facets?.extradition_outcome} />
        <Select name="protection_status" vocab={PROTECTION_STATUSES} value={v("protection_status")} counts={facets?.protection_status} />
        <Select name="status" vocab={{ terms: MONITORING_STATUSES.map((k) => ({ key: k, label: k[0]!.toUpperCase() + k.slice(1) })) }} value={v("status")} counts={facets?.status} />
        <Select name="visibility" vocab={{ terms: VISIBILITIES.map((k) => ({ key: k, label: VISIBILITY_LABELS[k] })) }} value={v("visibility")} counts={facets?.visibility} />
        <div className="field">
          <label htmlFor="f-from">{CASE_FILTER_LABELS.from}</label>
          <input id="f-from" name="from" defaultValue={v("from")} inputMode="numeric" placeholder="2019" aria-describedby="f-period-hint" />
        </div>
        <div className="field">
          <label htmlFor="f-to">{CASE_FILTER_LABELS.to}</label>
          <input id="f-to" name="to" defaultValue={v("to")} inputMode="numeric" placeholder="2021" aria-describedby="f-period-hint" />
        </div>
        <div className="field">
          <label htmlFor="f-began">{CASE_FILTER_LABELS.began}</label>
          <input id="f-began" name="began" defaultValue={v("began")} inputMode="numeric" placeholder="2020" aria-describedby="f-period-hint" />
        </div>
        <p id="f-period-hint" className="hint field--wide">
          Years from/to keep cases whose years overlap the period; “began in” keeps those whose pursuit began that year.
        </p>
        <div className="field">
          <label htmlFor="f-sort">Sort by</label>
          <select id="f-sort" name="sort" defaultValue={v("sort")}>
            {CASE_SORTS.map((s) => (
              <option key={s} value={s === "updated" ? "" : s}>
                {CASE_SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {d.isAdmin ? (
          <div className="field">
            <label>
              <input type="checkbox" name="deleted" value="1" defaultChecked={v("deleted") === "1"} /> Deleted cases only
            </label>
          </div>
        ) : null}
        <div className="filters__actions">
          <button type="submit">Filter</button>
          <Link to="/cases" className="button button--secondary">
            Clear
          </Link>
        </div>
      </Form>
      {!d.ok ? (
        <FilterErrors errors={d.errors} labels={CASE_FILTER_LABELS} raw={raw} />
      ) : (
        <>
          <p>
            <strong>{formatCount(d.list.total)}</strong> {d.list.total === 1 ? "case" : "cases"}
            {" · "}Download: <a href={`/cases.csv${exportSearch}`}>CSV</a> · <a href={`/cases.json${exportSearch}`}>JSON</a> ·{" "}
            <a href={`/cases.ftm.json${exportSearch}`}>FollowTheMoney</a>
            {d.isAdmin ? (
              <span className="muted">
                {" "}
                (public records only;{" "}
                <a href={`/cases.csv${toSearch({ ...d.values, page: undefined, sort: undefined, include: "restricted" })}`}>CSV with internal and restricted</a>)
              </span>
            ) : (
              <span className="muted"> (public records only)</span>
            )}
          </p>
          {d.list.rows.length === 0 ? (
            <div className="empty-state">
              <strong>No cases match.</strong>
              {d.list.total === 0 && !Object.keys(raw).length
                ? d.isEditor
                  ? "Record the first case, or import a CSV of cases (the columns of the public cases file)."
                  : "Editors record cases; ask one to add the case you follow."
                : "Try fewer filters, or clear them."}
            </div>
          ) : (
            <div className="table-wrap">
              <table className="reflow">
                <caption className="visually-hidden">Cases matching the filters</caption>
                <thead>
                  <tr>
                    <th scope="col">Case</th>
                    <th scope="col">Requesting</th>
                    <th scope="col">Host</th>
                    <th scope="col">Statuses</th>
                    <th scope="col">Changed</th>
                  </tr>
                </thead>
                <tbody>
                  {d.list.rows.map((c) => (
                    <tr key={c.reference}>
                      <td data-label="Case" className="reflow__title">
                        <Link to={`/cases/${c.reference}`}>{c.title}</Link>
                        <div className="muted mono id">
                          {c.reference} · {c.subjectName}
                          {c.subjectIsPseudonym ? " (pseudonym)" : ""}
                        </div>
                        <CaseBadges visibility={c.visibility} provenance={c.provenance} deleted={!!c.deletedAt} />
                      </td>
                      <td data-label="Requesting">{c.requestingCountry ? countryName(c.requestingCountry) ?? c.requestingCountry : "—"}</td>
                      <td data-label="Host">{c.hostCountries.map((h) => countryName(h) ?? h).join(", ") || "—"}</td>
                      <td data-label="Statuses">
                        {ALERT_STATUSES.label(c.alertStatus)} · {LIBERTY_STATUSES.label(c.libertyStatus)} ·{" "}
                        {EXTRADITION_OUTCOMES.label(c.extraditionOutcome)} · {PROTECTION_STATUSES.label(c.protectionStatus)}
                      </td>
                      <td data-label="Changed" className="nowrap">
                        {formatDate(c.updatedAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={d.list.page} perPage={d.list.pageSize} total={d.list.total} filters={d.values} />
        </>
      )}
    </>
  );
}
