import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { createFeedToken, hasFeedToken, revokeFeedTokens } from "../../db/queries/changes";
import { baselineSummary, changeCounts, listChanges, type ChangeRow, type PeriodCount } from "../../db/queries/events";
import { noticeFacetCodes } from "../../db/queries/notices";
import { NOTICE_EVENT_KINDS, NOTICE_EVENT_LABELS } from "../../lib/notice-events";
import { hashToken, randomToken } from "../../lib/security/tokens";
import { formatNumber, noun, plural } from "../../lib/words";
import { audit, requireUser } from "../auth.server";
import { CHANGE_FILTER_LABELS, changeFilterSchema, changeQuery, type ChangeFilterValues } from "../changes-filters";
import { CountrySelect } from "../components/CountrySelect";
import { EventTable } from "../components/EventTable";
import { DateRangeFields, FilterErrors, FilterField } from "../components/FilterField";
import { Pager } from "../components/Pager";
import { When } from "../components/When";
import { WatchNav } from "../components/WatchNav";
import { parseFilters, rawValue, toSearch } from "../filters";
import { CHANGE_FIELDS, FIELD_RANK, formatDate } from "../format";
import { readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Changes · Article 3" }];

const DAY = 86_400_000;
const PER_PAGE = 100;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const db = args.context.database.db;
  const parsed = parseFilters(changeFilterSchema, args.request.url);
  const [facets, feed, baseline] = await Promise.all([noticeFacetCodes(db), hasFeedToken(db, user.id), baselineSummary(db)]);
  const page = {
    raw: parsed.raw,
    countries: [...new Set([...facets.issuers, ...facets.nationalities])].sort(),
    issuers: [...facets.issuers].sort(),
    feed,
    baseline,
  };
  const nothing = { rows: [] as ChangeRow[], total: 0, page: 1, perPage: PER_PAGE, counts: [] as PeriodCount[] };
  if (!parsed.ok) {
    // Refused filters: say which and why, and list nothing rather than everything.
    return data({ ...page, ...nothing, filters: {} as ChangeFilterValues, errors: parsed.errors as Record<string, string> | null }, { status: 400 });
  }
  const filters = parsed.values;
  const query = changeQuery(filters);
  const [list, counts] = await Promise.all([
    listChanges(db, { ...query, sort: filters.sort, fieldRanks: FIELD_RANK, page: filters.page, perPage: PER_PAGE }),
    changeCounts(db, { ...query, by: filters.by ?? "day" }),
  ]);
  const pages = Math.max(1, Math.ceil(list.total / PER_PAGE));
  if (list.page > pages) {
    const errors: Record<string, string> = {
      page: `Page ${formatNumber(list.page)} is past the last: ${noun(pages, "there is", "there are")} ${plural(pages, "page")} of events for these filters.`,
    };
    return data({ ...page, ...nothing, total: list.total, counts, filters, errors, lastPage: pages }, { status: 404 });
  }
  return data({ ...page, ...list, counts, filters, errors: null as Record<string, string> | null });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const db = args.context.database.db;
  const form = await readForm(args.request);
  const intent = form.get("intent");
  if (intent === "create-feed-token") {
    const token = randomToken();
    await createFeedToken(db, { userId: user.id, tokenHash: hashToken(token) });
    await audit(args.context, { actorId: user.id, action: "feed.token_created", targetType: "user", targetId: user.id });
    const origin = args.context.env.PUBLIC_URL ?? new URL(args.request.url).origin;
    return { feedUrl: `${origin}/changes.atom?token=${token}` };
  }
  if (intent === "revoke-feed-token") {
    await revokeFeedTokens(db, user.id);
    await audit(args.context, { actorId: user.id, action: "feed.token_revoked", targetType: "user", targetId: user.id });
    return { revoked: true };
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function Changes() {
  const loaded = useLoaderData<typeof loader>();
  const { filters, raw, errors, rows, total, page, perPage, counts, countries, issuers, feed, baseline } = loaded;
  const result = useActionData<typeof action>();
  const by = filters.by ?? "day";
  const err = errors ?? {};
  const value = (k: string) => rawValue(raw, k);
  const filtered = Object.keys(raw).some((k) => k !== "page" && k !== "by" && k !== "sort");
  const important = CHANGE_FIELDS.filter((f) => f.rank !== undefined);
  const others = CHANGE_FIELDS.filter((f) => f.rank === undefined);
  return (
    <>
      <WatchNav />
      <h1>Changes in the public red notices</h1>
      <p className="lede">
        Every addition, change, removal and reappearance Article 3 has recorded. A removal is recorded only when the
        notice&rsquo;s own page on Interpol&rsquo;s service answers Not Found.
      </p>
      {baseline ? (
        <p className="baseline-note">
          The first pull
          {baseline.firstAt ? (
            <>
              {" "}
              on <When value={baseline.firstAt} date />
            </>
          ) : null}{" "}
          {baseline.runs > 1 ? `and ${plural(baseline.runs - 1, "later pull")} that first covered part of the list ` : ""}
          recorded the {plural(baseline.events, "notice")} already published as the <strong>baseline</strong>;{" "}
          {noun(baseline.events, "it is", "they are")} not counted as new
          {filters.baseline ? null : (
            <>
              {" "}
              (<Link to={toSearch({ ...raw, page: undefined }, { baseline: "only" })}>show the baseline</Link>)
            </>
          )}
          .
        </p>
      ) : null}

      <FilterErrors errors={errors} labels={CHANGE_FILTER_LABELS} raw={raw} />
      <Form method="get" className="filters" aria-label="Filter changes">
        <FilterField label="What" name="kind" error={err.kind}>
          {(p) => (
            <select {...p} defaultValue={value("kind")}>
              <option value="">All changes</option>
              {NOTICE_EVENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {NOTICE_EVENT_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Field changed" name="field" error={err.field}>
          {(p) => (
            <select {...p} defaultValue={value("field")}>
              <option value="">Any field</option>
              <optgroup label="Most important">
                {important.map((f) => (
                  <option key={f.key} value={f.param}>
                    {f.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Other fields">
                {others.map((f) => (
                  <option key={f.key} value={f.param}>
                    {f.label}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </FilterField>
        <div className="field-wrap">
          <CountrySelect name="country" label="Country (warrant or nationality)" codes={countries} value={value("country")} />
          {err.country ? <span className="error">{err.country}</span> : null}
        </div>
        <div className="field-wrap">
          <CountrySelect name="issuer" label="Warrant issued by" codes={issuers} value={value("issuer")} />
          {err.issuer ? <span className="error">{err.issuer}</span> : null}
        </div>
        <DateRangeFields from={value("from")} to={value("to")} errors={err} />
        <FilterField label="Order" name="sort" error={err.sort}>
          {(p) => (
            <select {...p} defaultValue={value("sort")}>
              <option value="">Newest first</option>
              <option value="important">Important changes first</option>
            </select>
          )}
        </FilterField>
        <FilterField label="Baseline" name="baseline" error={err.baseline}>
          {(p) => (
            <select {...p} defaultValue={value("baseline")}>
              <option value="">Not shown</option>
              <option value="include">Shown with the rest</option>
              <option value="only">Only the baseline</option>
            </select>
          )}
        </FilterField>
        <FilterField label="Group by" name="by" error={err.by}>
          {(p) => (
            <select {...p} defaultValue={value("by") || "day"}>
              <option value="day">Day</option>
              <option value="week">Week</option>
            </select>
          )}
        </FilterField>
        {value("run") ? <input type="hidden" name="run" value={value("run")} /> : null}
        <button type="submit">Show</button>
      </Form>
      {value("run") && !err.run ? (
        <p>
          Only the changes recorded by <Link to={`/runs/${value("run")}`}>pull #{value("run")}</Link> ·{" "}
          <Link to={toSearch({ ...raw, run: undefined, page: undefined })}>show every pull</Link>
        </p>
      ) : null}
      {err.run ? <p className="error">{err.run}</p> : null}
      {filters.sort === "important" ? (
        <p className="muted">
          Important first: removals and reappearances, then changes to{" "}
          {important
            .filter((f, i, all) => all.findIndex((g) => g.rank === f.rank) === i)
            .map((f) => f.label.toLowerCase())
            .join(", ")}
          , then new notices, then other changes; newest first within each.
        </p>
      ) : null}

      {errors ? (
        errors.page && "lastPage" in loaded ? (
          <div className="empty-state">
            <strong>{errors.page}</strong>
            <Link to={toSearch({ ...raw }, { page: loaded.lastPage })}>Go to the last page</Link>
          </div>
        ) : (
          <div className="empty-state">
            <strong>Nothing is listed until the filters above are corrected.</strong>
            <Link to="/changes">Clear all filters</Link>
          </div>
        )
      ) : total === 0 ? (
        <div className="empty-state">
          <strong>No changes recorded{filtered ? " for these filters" : " yet"}.</strong>
          {filtered ? (
            <Link to="/changes">Clear the filters</Link>
          ) : (
            <>
              Changes appear after the second pull from Interpol&rsquo;s service; see <Link to="/runs">Runs</Link>.
            </>
          )}
        </div>
      ) : (
        <>
          <h2>By {by}</h2>
          <div className="table-wrap">
            <table className="counts-table">
              <caption className="visually-hidden">Changes per {by}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">{by === "week" ? "Week of" : "Day"} (UTC)</th>
                  <th scope="col" className="num">
                    Added
                  </th>
                  <th scope="col" className="num">
                    Changed
                  </th>
                  <th scope="col" className="num">
                    Removed
                  </th>
                  <th scope="col" className="num">
                    {/* A soft hyphen, so the column fits a phone. */}
                    Re{"\u00AD"}appeared
                  </th>
                </tr>
              </thead>
              <tbody>
                {counts.map((c) => (
                  <tr key={c.period}>
                    <th scope="row">
                      <Link
                        className="nowrap"
                        to={toSearch({ ...raw, page: undefined }, { from: c.period, to: by === "week" ? addDays(c.period, 6) : c.period })}
                      >
                        {c.period}
                      </Link>
                    </th>
                    <td className="num">{formatNumber(c.added)}</td>
                    <td className="num">{formatNumber(c.changed)}</td>
                    <td className="num">{formatNumber(c.removed)}</td>
                    <td className="num">{formatNumber(c.reappeared)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2>Events</h2>
          <p>
            {plural(total, "event")}, {filters.sort === "important" ? "important changes first" : "newest first"}.
          </p>
          <EventTable rows={rows} caption="Changes, one per row" show={{ subject: true }} />
          <Pager page={page} perPage={perPage} total={total} filters={raw} />
        </>
      )}

      <section className="card" aria-labelledby="feed-h">
        <h2 id="feed-h">Atom feed</h2>
        <p>
          Follow these changes in a feed reader. The feed address contains a personal token: keep it private. Creating a
          new address ends the old one.
        </p>
        {result && "feedUrl" in result ? (
          <div className="notice-banner notice-banner--ok" role="status">
            <p>Your feed address (shown only this once):</p>
            <input readOnly value={result.feedUrl} aria-label="Your feed address" className="copy-field" />
          </div>
        ) : null}
        {feed ? (
          <p className="muted">
            You have a feed address created <When value={feed.createdAt} date />
            {feed.lastUsedAt ? (
              <>
                , last read <When value={feed.lastUsedAt} />
              </>
            ) : (
              ", not read yet"
            )}
            .
          </p>
        ) : null}
        <Form method="post" className="filters">
          <button type="submit" name="intent" value="create-feed-token">
            {feed ? "Create a new feed address" : "Create my feed address"}
          </button>
          {feed ? (
            <button type="submit" name="intent" value="revoke-feed-token" className="button--secondary">
              Turn off my feed
            </button>
          ) : null}
        </Form>
      </section>
    </>
  );
}

function addDays(day: string, n: number) {
  return formatDate(new Date(new Date(`${day}T00:00:00Z`).getTime() + n * DAY));
}
