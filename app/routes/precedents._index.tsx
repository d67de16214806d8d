import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { searchDecisions, type DecisionSearch } from "../../db/queries/decisions";
import { FACETS, longDate, markedParts, type Facet } from "../../lib/precedent-search";
import { hasRole } from "../../lib/roles";
import { FORUMS, GROUNDS, OUTCOMES } from "../../lib/taxonomy";
import { viewerOf } from "../../lib/visibility";
import { requireUser } from "../auth.server";
import { Pager } from "../components/Pager";
import { rawValue, toSearch, type RawFilters } from "../filters";
import { countryLabel, formatCount } from "../format";
import { parsePrecedentFilters, PRECEDENT_LISTS, type PrecedentParams } from "../precedent-filters";

export const meta: MetaFunction = () => [{ title: "Precedents · Article 3" }];

const PER_PAGE = 20;

const FACET_TITLES: Record<Facet, string> = {
  grounds: "Grounds",
  forum: "Forum",
  outcome: "Outcome",
  jurisdiction: "Jurisdiction",
  requesting_country: "Requesting state",
  year: "Year",
};

function facetLabel(facet: Facet, key: string): string {
  if (facet === "grounds") return GROUNDS.label(key);
  if (facet === "forum") return FORUMS.label(key);
  if (facet === "outcome") return OUTCOMES.label(key);
  if (facet === "year") return key;
  if (key === "INT") return "International (CCF, ECtHR, UN)";
  if (key === "unknown") return "Not known (anonymised)";
  return countryLabel(key);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const parsed = parsePrecedentFilters(args.request.url);
  const canEdit = hasRole(user.role, "editor");
  if (!parsed.ok) {
    // A filter that could not be read lists nothing, never everything.
    return data(
      { raw: parsed.raw, errors: parsed.errors, filters: {} as PrecedentParams, result: null as null | Omit<DecisionSearch, "query">, page: 1, canEdit },
      { status: 400 },
    );
  }
  const filters = parsed.values;
  const page = filters.page ?? 1;
  const { query: _query, ...result } = await searchDecisions(args.context.database.db, viewerOf(user), filters, {
    offset: (page - 1) * PER_PAGE,
    limit: PER_PAGE,
  });
  return { raw: parsed.raw, errors: {} as Record<string, string>, filters, result, page, canEdit };
}

function Marked({ text }: { text: string }) {
  return (
    <>
      {markedParts(text).map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}

/** The filters without paging, as plain values for links. */
function linkValues(filters: PrecedentParams): Record<string, unknown> {
  const { page: _page, ...rest } = filters;
  return rest;
}

export default function Precedents() {
  const { raw, errors, filters, result, page, canEdit } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/precedents";
  const invalid = Object.keys(errors).length > 0;
  const err = (k: string) => (errors as Record<string, string>)[k];
  const typed = (k: string) => rawValue(raw as RawFilters, k);
  const described = (k: string) => (err(k) ? { "aria-invalid": true as const, "aria-describedby": `${k}-error` } : {});
  const values = linkValues(filters);
  const hasQuery = !!filters.q;
  const sort = filters.sort ?? (hasQuery ? "relevance" : "newest");
  const selected = (facet: Facet) => (facet === "year" ? [] : ((filters as Record<string, string[] | undefined>)[facet] ?? []));
  return (
    <>
      <div className="page-header">
        <h1>Precedents</h1>
        <p className="muted">
          Court and CCF decisions on extradition and Interpol notices.{" "}
          {canEdit ? (
            <>
              <Link to="/decisions/new">Add a decision</Link> · <Link to="/decisions/import">Import a CSV file</Link>
            </>
          ) : null}
        </p>
      </div>

      <Form method="get" className="filters" role="search" aria-label="Search precedents">
        <div className="field field--wide">
          <label htmlFor="q">Search decisions</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={invalid ? typed("q") : (filters.q ?? "")}
            placeholder='e.g. China political extradition refused, "death row", -Chechen'
            {...described("q")}
          />
          <span className="hint">Words, “quoted phrases”, and -words to leave out. Decisions with every word come first.</span>
          {err("q") ? (
            <span className="error" id="q-error">
              {err("q")}
            </span>
          ) : null}
        </div>
        {/* The chosen facets stay chosen when the words change. */}
        {PRECEDENT_LISTS.flatMap((k) => ((filters as Record<string, string[] | undefined>)[k] ?? []).map((v) => <input key={`${k}-${v}`} type="hidden" name={k} value={v} />))}
        <div className="field field--narrow">
          <label htmlFor="year_from">Year from</label>
          <input id="year_from" name="year_from" inputMode="numeric" size={5} defaultValue={typed("year_from")} {...described("year_from")} />
          {err("year_from") ? (
            <span className="error" id="year_from-error">
              {err("year_from")}
            </span>
          ) : null}
        </div>
        <div className="field field--narrow">
          <label htmlFor="year_to">to</label>
          <input id="year_to" name="year_to" inputMode="numeric" size={5} defaultValue={typed("year_to")} {...described("year_to")} />
          {err("year_to") ? (
            <span className="error" id="year_to-error">
              {err("year_to")}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          {/* Empty: best match when there are words, newest otherwise (a new search is never stuck on "newest"). */}
          <select id="sort" name="sort" defaultValue={typed("sort") === "relevance" ? "" : typed("sort")} {...described("sort")}>
            <option value="">Best match</option>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
          {err("sort") ? (
            <span className="error" id="sort-error">
              {err("sort")}
            </span>
          ) : null}
        </div>
        <div className="filters__actions">
          <button type="submit">{searching ? "Searching…" : "Search"}</button>
          <Link to="/precedents" className="button button--secondary">
            Clear
          </Link>
        </div>
      </Form>

      {invalid ? (
        <div className="notice-banner notice-banner--error" role="alert">
          <strong>Some filters could not be used, so no decision is listed.</strong>{" "}
          {Object.entries(errors)
            .filter(([k]) => !["q", "year_from", "year_to", "sort"].includes(k))
            .map(([k, v]) => `${k}: ${v}`)
            .join(" ")}{" "}
          Correct them, or <Link to="/precedents">start again</Link>.
        </div>
      ) : result ? (
        <div className="precedents">
          <aside className="precedents__facets" aria-label="Narrow the results">
            {FACETS.map((facet) => {
              const counts = result.facets[facet];
              const chosen = selected(facet);
              if (!counts.length && !chosen.length) return null;
              return (
                <section key={facet} className="facet">
                  <h2 className="facet__title">{FACET_TITLES[facet]}</h2>
                  <ul>
                    {counts.slice(0, facet === "year" ? 30 : 12).map(({ key, count }) => {
                      const on = chosen.includes(key);
                      const to =
                        facet === "year"
                          ? toSearch(values, { year_from: key, year_to: key, page: undefined })
                          : toSearch(values, { [facet]: on ? chosen.filter((c) => c !== key) : [key], page: undefined });
                      return (
                        <li key={key}>
                          <Link to={to} aria-current={on ? "true" : undefined} className={on ? "facet__on" : undefined}>
                            {on ? "✓ " : ""}
                            {facetLabel(facet, key)}
                          </Link>{" "}
                          <span className="muted">{formatCount(count)}</span>
                        </li>
                      );
                    })}
                  </ul>
                  {chosen.length ? (
                    <Link to={toSearch(values, { [facet]: undefined, page: undefined })} className="facet__clear">
                      Any {FACET_TITLES[facet].toLowerCase()}
                    </Link>
                  ) : facet === "year" && (filters.year_from || filters.year_to) ? (
                    <Link to={toSearch(values, { year_from: undefined, year_to: undefined, page: undefined })} className="facet__clear">
                      Any year
                    </Link>
                  ) : null}
                </section>
              );
            })}
          </aside>
          <section className="precedents__results" aria-label="Results">
            <p aria-live="polite">
              <strong>{formatCount(result.total)}</strong> {result.total === 1 ? "decision" : "decisions"}
              {result.total > 0 && sort === "relevance" && hasQuery ? ", best match first" : ""}.{" "}
              {result.total > 0 ? (
                <a href={`/precedents.csv${toSearch(values)}`} download>
                  Download these as CSV
                </a>
              ) : null}
            </p>
            {result.total === 0 ? (
              <div className="empty-state">
                {result.nothingMatched ? (
                  <>
                    <strong>No decision contains these words.</strong>
                    Try fewer or other words (a ground such as “torture”, a country, a court), or check the spelling.
                  </>
                ) : hasQuery || PRECEDENT_LISTS.some((k) => (filters as Record<string, unknown>)[k]) ? (
                  <>
                    <strong>No decision matches all of these filters.</strong>
                    Remove a filter on the left, or <Link to="/precedents">start again</Link>.
                  </>
                ) : (
                  <>
                    <strong>No decisions yet.</strong>
                    {canEdit ? (
                      <>
                        <Link to="/decisions/new">Add one</Link> or <Link to="/decisions/import">import a CSV file</Link> of decisions.
                      </>
                    ) : (
                      "An editor can add decisions or import them from a CSV file."
                    )}
                  </>
                )}
              </div>
            ) : (
              <ol className="results" start={(page - 1) * PER_PAGE + 1}>
                {result.hits.map((h) => (
                  <li key={h.id} className="result">
                    <h3 className="result__title">
                      <Link to={`/decisions/${h.id}${hasQuery ? toSearch({ q: filters.q }) : ""}`}>{h.citation}</Link>
                    </h3>
                    <p className="muted result__meta">
                      {[h.body, h.decidedOn ? longDate(h.decidedOn) : null, OUTCOMES.label(h.outcome), h.requestingCountry ? `requested by ${countryLabel(h.requestingCountry)}` : null]
                        .filter(Boolean)
                        .join(" · ")}
                      {h.provenance === "fictional" ? (
                        <>
                          {" "}
                          <span className="badge badge--warn">Fictional</span>
                        </>
                      ) : null}
                      {h.visibility === "restricted" ? (
                        <>
                          {" "}
                          <span className="badge badge--bad">Restricted</span>
                        </>
                      ) : null}
                    </p>
                    {h.snippet ? (
                      <p className="result__snippet">
                        <Marked text={h.snippet} />
                      </p>
                    ) : h.summary ? (
                      <p className="result__snippet">{h.summary.length > 400 ? `${h.summary.slice(0, 400)}…` : h.summary}</p>
                    ) : null}
                    {h.grounds.length ? <p className="muted result__grounds">Grounds: {h.grounds.map((g) => GROUNDS.label(g)).join("; ")}</p> : null}
                  </li>
                ))}
              </ol>
            )}
            <Pager page={page} perPage={PER_PAGE} total={result.total} filters={values} />
          </section>
        </div>
      ) : null}
    </>
  );
}
