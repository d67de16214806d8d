import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { latestRun } from "../../db/queries/runs";
import { noticeCounts, noticeFacets, searchNotices, searchSuggestion, type FacetCount } from "../../db/queries/notices";
import { noticePath } from "../../lib/notice-id";
import { effectiveSort, NOTICE_SORT_LABELS, NOTICE_SORTS } from "../../lib/notice-sorts";
import { requireUser } from "../auth.server";
import { CountrySelect, type CountryOption } from "../components/CountrySelect";
import { Pager } from "../components/Pager";
import { WatchNav } from "../components/WatchNav";
import { rawValue, toSearch, type RawFilters } from "../filters";
import { countryLabel, formatCount, formatDate, formatDateTime, personName, plural } from "../format";
import { NOTICES_PER_PAGE, parseNoticeFilters, type NoticeFilterValues } from "../notice-filters";

export const meta: MetaFunction = () => [{ title: "Notices · Article 3" }];

type Status = "active" | "removed" | "all";

/** Per-country counts for the chosen status (published by default), zero counts left out. */
function facetOptions(list: FacetCount[], status: Status): CountryOption[] {
  return list
    .map((f) => ({ code: f.code, count: status === "active" ? f.active : status === "removed" ? f.removed : f.active + f.removed }))
    .filter((o) => o.count > 0);
}

/** "IVANOV" → "Ivanov", for the placeholder. */
const titleCase = (s: string) => s.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (m) => m.toUpperCase());

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const db = args.context.database.db;
  const now = args.context.now?.() ?? new Date();
  const parsed = parseNoticeFilters(args.request.url);
  const rawStatus = rawValue(parsed.raw, "status");
  const status: Status = parsed.ok
    ? (parsed.values.status ?? "active")
    : rawStatus === "removed" || rawStatus === "all"
      ? rawStatus
      : "active";
  const [counts, facets, suggestion, lastRun] = await Promise.all([
    noticeCounts(db),
    noticeFacets(db),
    searchSuggestion(db),
    latestRun(db),
  ]);
  const common = {
    raw: parsed.raw,
    counts,
    issuers: facetOptions(facets.issuers, status),
    nationalities: facetOptions(facets.nationalities, status),
    placeholder: suggestion
      ? `e.g. ${[suggestion.name && titleCase(suggestion.name), suggestion.chargeWord?.toLowerCase()].filter(Boolean).join(", ")}`
      : "e.g. Petrov, extremism",
    lastRun: lastRun ? { id: lastRun.id, status: lastRun.status, startedAt: lastRun.startedAt } : null,
  };
  if (!parsed.ok) {
    // Nothing is listed for a filter that could not be read: an empty list, never everything.
    return data(
      {
        ...common,
        filters: {} as NoticeFilterValues,
        errors: parsed.errors,
        rows: [],
        total: 0,
        page: 1,
        perPage: NOTICES_PER_PAGE,
        pages: 1,
        sort: effectiveSort(undefined, false),
        pastLast: false,
      },
      { status: 400 },
    );
  }
  const filters = parsed.values;
  const result = await searchNotices(db, { ...filters, perPage: NOTICES_PER_PAGE, now });
  const pastLast = result.total > 0 && result.page > result.pages;
  const view = { ...common, filters, errors: {} as Record<string, string>, ...result, pastLast };
  return pastLast ? data(view, { status: 404 }) : view;
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span className="error" id={`${id}-error`}>
      {error}
    </span>
  ) : null;
}

/** What the user typed for `key` (valid or not), for the form's controls. */
const typed = (raw: RawFilters, key: string) => rawValue(raw, key);

export default function Notices() {
  const { filters, raw, errors, rows, total, page, perPage, pages, sort, pastLast, counts, issuers, nationalities, placeholder, lastRun } =
    useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/notices";
  const stored = counts.active + counts.removed;
  const invalid = Object.keys(errors).length > 0;
  const err = (k: string) => (errors as Record<string, string>)[k];
  const described = (k: string) => (err(k) ? { "aria-invalid": true as const, "aria-describedby": `${k}-error` } : {});
  // What is shown back: the cleaned search when it was used, what was typed when it was refused.
  const hasQuery = !!(invalid ? typed(raw, "q") : filters.q);
  return (
    <>
      <WatchNav />
      <div className="page-header">
        <h1>Red notices</h1>
        <p className="muted">
          {formatCount(counts.active)} published · {formatCount(counts.removed)} removed since first seen
          {lastRun ? (
            <>
              {" "}
              · last pull{" "}
              <Link to={`/runs/${lastRun.id}`} className="nowrap">
                {formatDateTime(lastRun.startedAt)}
              </Link>{" "}
              ({lastRun.status})
            </>
          ) : null}
        </p>
      </div>

      <Form method="get" className="filters" role="search" aria-label="Filter notices">
        <div className="field field--wide">
          <label htmlFor="q">Name or charge</label>
          <input id="q" name="q" type="search" defaultValue={invalid ? typed(raw, "q") : (filters.q ?? "")} placeholder={placeholder} {...described("q")} />
          <ErrorText id="q" error={err("q")} />
        </div>
        <CountrySelect name="issuer" label="Warrant issued by" options={issuers} value={filters.issuer ?? typed(raw, "issuer")} error={err("issuer")} />
        <CountrySelect
          name="nationality"
          label="Nationality"
          options={nationalities}
          value={filters.nationality ?? typed(raw, "nationality")}
          error={err("nationality")}
        />
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={typed(raw, "status") || "active"} {...described("status")}>
            <option value="active">Published</option>
            <option value="removed">Removed</option>
            <option value="all">All</option>
          </select>
          <ErrorText id="status" error={err("status")} />
        </div>
        <div className="field">
          <label htmlFor="sex">Sex</label>
          <select id="sex" name="sex" defaultValue={typed(raw, "sex")} {...described("sex")}>
            <option value="">Any</option>
            <option value="M">Male</option>
            <option value="F">Female</option>
            <option value="U">Unknown</option>
          </select>
          <ErrorText id="sex" error={err("sex")} />
        </div>
        <div className="field field--narrow">
          <label htmlFor="ageMin">Age from</label>
          <input id="ageMin" name="ageMin" inputMode="numeric" defaultValue={typed(raw, "ageMin")} size={4} {...described("ageMin")} />
          <ErrorText id="ageMin" error={err("ageMin")} />
        </div>
        <div className="field field--narrow">
          <label htmlFor="ageMax">to</label>
          <input id="ageMax" name="ageMax" inputMode="numeric" defaultValue={typed(raw, "ageMax")} size={4} {...described("ageMax")} />
          <ErrorText id="ageMax" error={err("ageMax")} />
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={typed(raw, "sort") || (hasQuery ? "relevance" : "name")} {...described("sort")}>
            {NOTICE_SORTS.map((s) => (
              <option key={s} value={s}>
                {NOTICE_SORT_LABELS[s]}
              </option>
            ))}
          </select>
          <ErrorText id="sort" error={err("sort")} />
        </div>
        <div className="field">
          <label htmlFor="flagged">Indicators</label>
          <select id="flagged" name="flagged" defaultValue={typed(raw, "flagged")} {...described("flagged")}>
            <option value="">All notices</option>
            <option value="1">Flagged for review</option>
            <option value="0">Not flagged</option>
          </select>
          <ErrorText id="flagged" error={err("flagged")} />
        </div>
        {/* A page number is not a filter: a new search starts at page 1. */}
        <ErrorText id="page" error={err("page")} />
        <div className="filters__actions">
          <button type="submit">{searching ? "Searching…" : "Search"}</button>
          <Link to="/notices" className="button button--secondary">
            Clear
          </Link>
        </div>
      </Form>

      {invalid ? (
        <div className="notice-banner notice-banner--error" role="alert">
          <strong>Some filters could not be used, so no notice is listed.</strong> Correct the fields marked above, or{" "}
          <Link to="/notices">clear the filters</Link>.
        </div>
      ) : (
        <p aria-live="polite">
          <strong>{formatCount(total)}</strong> {total === 1 ? "notice matches" : "notices match"}
          {total > 0 && sort === "relevance" ? ", best match first" : ""}.{" "}
          {total > 0 ? (
            <a href={`/notices.csv${toSearch({ ...filters, page: undefined })}`} download>
              Download these as CSV
            </a>
          ) : null}
        </p>
      )}

      {invalid ? null : stored === 0 ? (
        <div className="empty-state">
          <strong>No notices have been pulled yet.</strong>
          The scheduled pull from Interpol&rsquo;s public service fills this page. An administrator can start one now from
          the <Link to="/runs">Runs</Link> page.
        </div>
      ) : pastLast ? (
        <div className="empty-state">
          <strong>
            Page {formatCount(page)} is past the last page of these results ({plural(pages, "page")}).
          </strong>
          <Link to={toSearch(filters, { page: pages })}>Go to the last page ({formatCount(pages)})</Link>
        </div>
      ) : rows.length === 0 ? (
        <div className="empty-state">
          <strong>No notice matches these filters.</strong>
          Try fewer filters, another spelling, or <Link to={`/notices${toSearch(filters, { status: "all", page: undefined })}`}>include removed notices</Link>.
        </div>
      ) : (
        <div className="table-wrap">
          <table className="reflow">
            <caption className="visually-hidden">Red notices matching the filters</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Born</th>
                <th scope="col">Sex</th>
                <th scope="col">Nationality</th>
                <th scope="col">Warrant issued by</th>
                <th scope="col">Status</th>
                <th scope="col">First seen</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => (
                <tr key={n.entityId}>
                  <td data-label="Name" className="reflow__title">
                    <Link to={noticePath(n.entityId)}>{personName(n)}</Link>
                    <div className="muted mono id">{n.entityId}</div>
                    {n.flagged ? <span className="badge badge--warn">Flagged · score {n.indicatorScore}</span> : null}
                  </td>
                  <td data-label="Born" className="nowrap">
                    {n.birthDate ?? "—"}
                  </td>
                  <td data-label="Sex">{n.sex ?? "—"}</td>
                  <td data-label="Nationality">{n.nationalities.map(countryLabel).join(", ") || "—"}</td>
                  <td data-label="Warrant issued by">{n.warrantCountries.map(countryLabel).join(", ") || "—"}</td>
                  <td data-label="Status">
                    {n.status === "active" ? (
                      <span className="badge badge--ok">Published</span>
                    ) : (
                      <span className="badge badge--bad nowrap">Removed {formatDate(n.removedAt)}</span>
                    )}
                  </td>
                  <td data-label="First seen" className="nowrap">
                    {formatDate(n.firstSeenAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {invalid ? null : <Pager page={page} perPage={perPage} total={total} filters={filters} />}
    </>
  );
}
