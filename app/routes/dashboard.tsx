import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, useLoaderData } from "@remix-run/react";
import { allCharts, headlines, type Headlines } from "../../db/queries/dashboard";
// The page's client code imports nothing that loads country names (lib/countries is 230 KB gzip):
// names come from the loader.
import { COUNTRIES } from "../../lib/countries";
import { DASHBOARD_FILTER_KEYS, DASHBOARD_FILTER_LABELS } from "../../lib/dashboard/filter-names";
import { dashboardFilterSchema, dashboardQuery, type DashboardFilters } from "../../lib/dashboard/filters";
import { casesLink, changesLink, precedentsLink } from "../../lib/dashboard/links";
import { MOTIVES, TACTICS, TACTIC_FAMILIES } from "../../lib/taxonomy";
import { VISIBILITIES, VISIBILITY_LABELS, viewerOf } from "../../lib/visibility";
import { nowOf, requireUser } from "../auth.server";
import { ChartCard } from "../components/charts/ChartCard";
import { chartView, type ChartView } from "../components/charts/views.server";
import { FilterErrors, FilterField } from "../components/FilterField";
import { parseFilters, rawValue, toSearch } from "../filters";
import { formatDateTime } from "../format";
import { indicatorSlot, type IndicatorSlot } from "../dashboard-indicators.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Article 3" }];

const DAY = 86_400_000;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const db = args.context.database.db;
  const now = nowOf(args.context);
  const url = new URL(args.request.url);
  const tableParam = url.searchParams.get("table");
  const parsed = parseFilters(dashboardFilterSchema, url);
  const asOf = now.toISOString();
  const asOfText = formatDateTime(now);
  const countries = COUNTRIES.map((c) => [c.code, c.name] as const);
  if (!parsed.ok) {
    // A bad filter shows its message and no figures, never every case.
    return data(
      { ok: false as const, errors: parsed.errors, raw: parsed.raw, filters: {} as DashboardFilters, asOf, table: tableParam, charts: [] as ChartView[], heads: null, indicators: null as IndicatorSlot | null, now: asOf, asOfText, countries },
      { status: 400 },
    );
  }
  const viewer = viewerOf(user);
  const q = dashboardQuery(parsed.values);
  const [charts, heads, indicators] = await Promise.all([allCharts(db, viewer, q), headlines(db, viewer, q, now), indicatorSlot(db)]);
  return {
    ok: true as const,
    errors: {} as Record<string, string>,
    raw: parsed.raw,
    filters: parsed.values,
    asOf,
    table: tableParam,
    charts: charts.map((c) => chartView(c, parsed.values)),
    heads,
    indicators,
    now: asOf,
    asOfText,
    countries,
  };
}

const n = (v: number) => v.toLocaleString("en");

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const filters = d.filters as DashboardFilters;
  const search = toSearch(filters);
  const value = (k: string) => (d.ok ? String((filters as Record<string, unknown>)[k] ?? "") : rawValue(d.raw, k));
  const filtered = DASHBOARD_FILTER_KEYS.some((k) => (filters as Record<string, unknown>)[k]);
  const asOf = d.asOfText;
  const noCases = d.ok && d.heads && d.heads.cases === 0 && !filtered;
  return (
    <>
      <div className="page-header">
        <h1>Dashboard</h1>
        <p className="muted">Data as of {asOf}</p>
      </div>
      <Form method="get" className="filters dashboard-filters" role="search" aria-label="Filter the dashboard">
        {(["requesting_country", "host_country"] as const).map((name) => (
          <FilterField key={name} label={DASHBOARD_FILTER_LABELS[name]} name={name} error={d.errors[name]}>
            {(p) => (
              <select {...p} defaultValue={value(name)}>
                <option value="">Any</option>
                {d.countries.map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
                {value(name) && !d.countries.some(([c]) => c === value(name)) ? <option value={value(name)}>{value(name)}</option> : null}
              </select>
            )}
          </FilterField>
        ))}
        <FilterField label="Alleged motive" name="motive" error={d.errors.motive}>
          {(p) => (
            <select {...p} defaultValue={value("motive")}>
              <option value="">Any</option>
              {MOTIVES.terms.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Tactic" name="tactic" error={d.errors.tactic}>
          {(p) => (
            <select {...p} defaultValue={value("tactic")}>
              <option value="">Any</option>
              {TACTIC_FAMILIES.terms.map((fam) => (
                <optgroup key={fam.key} label={fam.label}>
                  {TACTICS.terms
                    .filter((t) => t.family === fam.key)
                    .map((t) => (
                      <option key={t.key} value={t.key}>
                        {t.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="From" name="from" error={d.errors.from} hint="A year or YYYY-MM-DD">
          {(p) => <input {...p} type="text" inputMode="numeric" size={10} placeholder="2019" defaultValue={value("from")} />}
        </FilterField>
        <FilterField label="To" name="to" error={d.errors.to} hint="A year or YYYY-MM-DD">
          {(p) => <input {...p} type="text" inputMode="numeric" size={10} placeholder="2024" defaultValue={value("to")} />}
        </FilterField>
        <FilterField label="Visibility" name="visibility" error={d.errors.visibility}>
          {(p) => (
            <select {...p} defaultValue={value("visibility")}>
              <option value="">Any I may see</option>
              {VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {VISIBILITY_LABELS[v]}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <div className="filters__actions">
          <button type="submit">Apply</button>
          {filtered || !d.ok ? <Link to="/dashboard">Clear filters</Link> : null}
        </div>
      </Form>
      <FilterErrors errors={d.errors} labels={DASHBOARD_FILTER_LABELS} raw={d.raw} />
      {!d.ok ? (
        <p className="muted">Fix the filters above to see the figures.</p>
      ) : (
        <>
          {noCases ? (
            <div className="empty-state">
              <strong>No cases yet.</strong>
              Add cases from a spreadsheet with <code>npm run -s cli -- import cases cases.csv</code>, or try the demo with{" "}
              <code>npm run demo</code>. The notice figures below fill in after the first pull.
            </div>
          ) : null}
          {d.heads ? <HeadlineFigures heads={d.heads} filters={filters} now={d.now} /> : null}
          <IndicatorsSlot slot={d.indicators} />
          <h2 id="cases-h">Cases</h2>
          <div className="chart-grid">
            {d.charts
              .filter((c) => c.unit === "case")
              .map((c) => (
                <ChartCard key={c.id} view={c} asOf={asOf} csvHref={`/dashboard/${c.id}.csv${search}`} tableOpen={d.table === c.id} />
              ))}
          </div>
          <h2 id="decisions-h">Decisions</h2>
          <div className="chart-grid">
            {d.charts
              .filter((c) => c.unit === "decision")
              .map((c) => (
                <ChartCard key={c.id} view={c} asOf={asOf} csvHref={`/dashboard/${c.id}.csv${search}`} tableOpen={d.table === c.id} />
              ))}
          </div>
          <h2 id="notices-h">Public notices</h2>
          <p className="muted">
            The requesting country filters notices by the country that issued the warrant; host country, motive, tactic and
            visibility keep the notices linked to matching cases.
          </p>
          <div className="chart-grid">
            {d.charts
              .filter((c) => c.unit === "notice")
              .map((c) => (
                <ChartCard key={c.id} view={c} asOf={asOf} csvHref={`/dashboard/${c.id}.csv${search}`} tableOpen={d.table === c.id} />
              ))}
          </div>
        </>
      )}
    </>
  );
}

function HeadlineFigures({ heads, filters, now }: { heads: Headlines; filters: DashboardFilters; now: string }) {
  const t = Date.parse(now);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const since7 = day(t - 7 * DAY);
  const since30 = day(t - 30 * DAY);
  const year = new Date(t).getUTCFullYear();
  const month = `${day(t).slice(0, 7)}-01`;
  const country = filters.requesting_country;
  const items: { label: string; value: number; href: string }[] = [
    { label: "Open cases", value: heads.openCases, href: casesLink(filters, { status: "open" }) },
    { label: "Active public notices", value: heads.activeNotices, href: `/notices${country ? `?issuer=${country}` : ""}` },
    { label: "Newly published, last 7 days", value: heads.added7, href: changesLink({ kind: "added", issuer: country, from: since7 }) },
    { label: "Removed, last 7 days", value: heads.removed7, href: changesLink({ kind: "removed", issuer: country, from: since7 }) },
    { label: "Newly published, last 30 days", value: heads.added30, href: changesLink({ kind: "added", issuer: country, from: since30 }) },
    { label: "Removed, last 30 days", value: heads.removed30, href: changesLink({ kind: "removed", issuer: country, from: since30 }) },
    { label: `Decisions in ${year}`, value: heads.decisionsThisYear, href: precedentsLink({ year_from: String(year), year_to: String(year), requesting_country: country }) },
    { label: "Cases whose linked notice changed this month", value: heads.casesWithChangedNotice, href: changesLink({ issuer: country, from: month }) },
  ];
  return (
    <section aria-labelledby="headlines-h">
      <h2 id="headlines-h" className="visually-hidden">
        Headline figures
      </h2>
      <ul className="headlines">
        {items.map((i) => (
          <li key={i.label}>
            <a href={i.href}>
              <span className="headlines__value">{n(i.value)}</span>
              <span className="headlines__label">{i.label}</span>
            </a>
          </li>
        ))}
      </ul>
      <p className="muted">
        {heads.cases === 1 ? "1 case" : `${n(heads.cases)} cases`} you may see match these filters (closed ones included). A first
        pull&rsquo;s notices are the baseline, not newly published.
      </p>
    </section>
  );
}

function IndicatorsSlot({ slot }: { slot: IndicatorSlot | null }) {
  // Slot for the indicators colleague's figures: flagged notices by issuing country, and the review queue.
  if (!slot) return null;
  return (
    <section className="card" aria-labelledby="indicators-h">
      <h2 id="indicators-h">Flagged notices</h2>
      {slot.reviewQueue !== null ? (
        <p>
          <a href="/indicators">{n(slot.reviewQueue)} waiting for review</a>
        </p>
      ) : null}
      {slot.flagged.length ? (
        <div className="table-wrap">
          <table>
            <caption>Flagged notices by issuing country</caption>
            <thead>
              <tr>
                <th scope="col">Issuing country</th>
                <th scope="col" className="num">
                  Flagged
                </th>
              </tr>
            </thead>
            <tbody>
              {slot.flagged.map((r) => (
                <tr key={r.code}>
                  <td>
                    <a href={`/notices?issuer=${r.code}`}>{r.label}</a>
                  </td>
                  <td className="num">{n(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
