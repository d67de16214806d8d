import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { latestRun } from "../../db/queries/runs";
import { noticeCounts, noticeFacetCodes, searchNotices } from "../../db/queries/notices";
import { requireUser } from "../auth.server";
import { CountrySelect } from "../components/CountrySelect";
import { Pager } from "../components/Pager";
import { WatchNav } from "../components/WatchNav";
import { countryLabel, formatDate, formatDateTime, personName } from "../format";
import { idToSlug, noticeFilterSchema, parseSearch, toSearch } from "../watch-schemas";

export const meta: MetaFunction = () => [{ title: "Notices · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const db = args.context.database.db;
  const filters = parseSearch(noticeFilterSchema, args.request.url);
  const [result, counts, facets, lastRun] = await Promise.all([
    searchNotices(db, { ...filters, perPage: 50 }),
    noticeCounts(db),
    noticeFacetCodes(db),
    latestRun(db),
  ]);
  return {
    filters,
    ...result,
    counts,
    facets,
    lastRun: lastRun ? { id: lastRun.id, status: lastRun.status, startedAt: lastRun.startedAt } : null,
  };
}

export default function Notices() {
  const { filters, rows, total, page, perPage, counts, facets, lastRun } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/notices";
  const stored = counts.active + counts.removed;
  return (
    <>
      <WatchNav />
      <div className="page-header">
        <h1>Red notices</h1>
        <p className="muted">
          {counts.active.toLocaleString("en")} published · {counts.removed.toLocaleString("en")} removed since first seen
          {lastRun ? (
            <>
              {" "}
              · last pull <Link to={`/runs/${lastRun.id}`}>{formatDateTime(lastRun.startedAt)}</Link> ({lastRun.status})
            </>
          ) : null}
        </p>
      </div>

      <Form method="get" className="filters" role="search" aria-label="Filter notices">
        <div className="field">
          <label htmlFor="q">Name or charge</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="e.g. Petrov, extremism" />
        </div>
        <CountrySelect name="issuer" label="Warrant issued by" codes={facets.issuers} value={filters.issuer} />
        <CountrySelect name="nationality" label="Nationality" codes={facets.nationalities} value={filters.nationality} />
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={filters.status ?? "active"}>
            <option value="active">Published</option>
            <option value="removed">Removed</option>
            <option value="all">All</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sex">Sex</label>
          <select id="sex" name="sex" defaultValue={filters.sex ?? ""}>
            <option value="">Any</option>
            <option value="M">Male</option>
            <option value="F">Female</option>
            <option value="U">Unknown</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="ageMin">Age from</label>
          <input id="ageMin" name="ageMin" type="number" min={0} max={120} inputMode="numeric" defaultValue={filters.ageMin ?? ""} size={4} />
        </div>
        <div className="field">
          <label htmlFor="ageMax">to</label>
          <input id="ageMax" name="ageMax" type="number" min={0} max={120} inputMode="numeric" defaultValue={filters.ageMax ?? ""} size={4} />
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={filters.sort ?? "name"}>
            <option value="name">Name</option>
            <option value="newest">First seen, newest</option>
            <option value="oldest">First seen, oldest</option>
            <option value="updated">Recently changed</option>
          </select>
        </div>
        <button type="submit">{searching ? "Searching…" : "Search"}</button>
        <Link to="/notices" className="button button--secondary">
          Clear
        </Link>
      </Form>

      <p aria-live="polite">
        <strong>{total.toLocaleString("en")}</strong> {total === 1 ? "notice matches" : "notices match"}.{" "}
        {total > 0 ? (
          <a href={`/notices.csv${toSearch({ ...filters, page: undefined })}`} download>
            Download these as CSV
          </a>
        ) : null}
      </p>

      {stored === 0 ? (
        <div className="empty-state">
          <strong>No notices have been pulled yet.</strong>
          The scheduled pull from Interpol&rsquo;s public service fills this page. An administrator can start one now from
          the <Link to="/runs">Runs</Link> page.
        </div>
      ) : rows.length === 0 ? (
        <div className="empty-state">
          <strong>No notice matches these filters.</strong>
          Try fewer filters, another spelling, or <Link to="/notices?status=all">include removed notices</Link>.
        </div>
      ) : (
        <div className="table-wrap">
          <table>
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
                  <td>
                    <Link to={`/notices/${idToSlug(n.entityId)}`}>{personName(n)}</Link>
                    <div className="muted mono">{n.entityId}</div>
                  </td>
                  <td>{n.birthDate ?? "—"}</td>
                  <td>{n.sex ?? "—"}</td>
                  <td>{n.nationalities.map(countryLabel).join(", ") || "—"}</td>
                  <td>{n.warrantCountries.map(countryLabel).join(", ") || "—"}</td>
                  <td>
                    {n.status === "active" ? (
                      <span className="badge badge--ok">Published</span>
                    ) : (
                      <span className="badge badge--bad">Removed {formatDate(n.removedAt)}</span>
                    )}
                  </td>
                  <td>{formatDate(n.firstSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} perPage={perPage} total={total} filters={filters} />
    </>
  );
}
