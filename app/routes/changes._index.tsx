import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { changeCounts, createFeedToken, hasFeedToken, listChanges, revokeFeedTokens } from "../../db/queries/changes";
import { noticeFacetCodes } from "../../db/queries/notices";
import { hashToken, randomToken } from "../../lib/security/tokens";
import { audit, requireUser } from "../auth.server";
import { CountrySelect } from "../components/CountrySelect";
import { Pager } from "../components/Pager";
import { WatchNav } from "../components/WatchNav";
import { FIELD_LABELS, formatDate, formatDateTime, personName } from "../format";
import { idToSlug } from "../../lib/notice-id";
import { changeFilterSchema, parseSearch, toSearch } from "../watch-schemas";

export const meta: MetaFunction = () => [{ title: "Changes · Article 3" }];

const DAY = 86_400_000;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const db = args.context.database.db;
  const filters = parseSearch(changeFilterSchema, args.request.url);
  const range = {
    kind: filters.kind,
    country: filters.country,
    from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
    to: filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + DAY) : undefined,
  };
  const [list, counts, facets, feed] = await Promise.all([
    listChanges(db, { ...range, page: filters.page, perPage: 100 }),
    changeCounts(db, { ...range, by: filters.by ?? "day" }),
    noticeFacetCodes(db),
    hasFeedToken(db, user.id),
  ]);
  const countries = [...new Set([...facets.issuers, ...facets.nationalities])].sort();
  return { filters, ...list, counts, countries, feed };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const db = args.context.database.db;
  const form = await args.request.formData();
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
  const { filters, rows, total, page, perPage, counts, countries, feed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const by = filters.by ?? "day";
  return (
    <>
      <WatchNav />
      <h1>Changes in the public red notices</h1>
      <p className="lede">
        Every addition, change, removal and reappearance Article 3 has recorded. A removal is recorded only when the
        notice&rsquo;s own page on Interpol&rsquo;s service answers Not Found.
      </p>

      <Form method="get" className="filters" aria-label="Filter changes">
        <div className="field">
          <label htmlFor="kind">What</label>
          <select id="kind" name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">All changes</option>
            <option value="added">Added</option>
            <option value="changed">Changed</option>
            <option value="removed">Removed</option>
            <option value="reappeared">Reappeared</option>
          </select>
        </div>
        <CountrySelect name="country" label="Country (warrant or nationality)" codes={countries} value={filters.country} />
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="by">Group by</label>
          <select id="by" name="by" defaultValue={by}>
            <option value="day">Day</option>
            <option value="week">Week</option>
          </select>
        </div>
        <button type="submit">Show</button>
      </Form>

      {total === 0 ? (
        <div className="empty-state">
          <strong>No changes recorded{filters.kind || filters.country || filters.from ? " for these filters" : " yet"}.</strong>
          Changes appear after the second pull from Interpol&rsquo;s service; see <Link to="/runs">Runs</Link>.
        </div>
      ) : (
        <>
          <h2>By {by}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{by === "week" ? "Week of" : "Day"} (UTC)</th>
                  <th scope="col" className="num">Added</th>
                  <th scope="col" className="num">Changed</th>
                  <th scope="col" className="num">Removed</th>
                  <th scope="col" className="num">Reappeared</th>
                </tr>
              </thead>
              <tbody>
                {counts.map((c) => (
                  <tr key={c.period}>
                    <th scope="row">
                      <Link to={toSearch({ ...filters, from: c.period, to: by === "week" ? addDays(c.period, 6) : c.period, page: undefined })}>
                        {c.period}
                      </Link>
                    </th>
                    <td className="num">{c.added}</td>
                    <td className="num">{c.changed}</td>
                    <td className="num">{c.removed}</td>
                    <td className="num">{c.reappeared}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2>Events</h2>
          <p>
            {total.toLocaleString("en")} {total === 1 ? "event" : "events"}, newest first.
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">What</th>
                  <th scope="col">Notice</th>
                  <th scope="col">Fields</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.occurredAt)}</td>
                    <td className="event-kind">{e.kind}</td>
                    <td>
                      <Link to={`/notices/${idToSlug(e.entityId)}#history`}>{personName(e)}</Link>
                      <div className="muted mono">{e.entityId}</div>
                    </td>
                    <td>
                      {Object.keys((e.changes ?? {}) as object)
                        .map((f) => FIELD_LABELS[f] ?? f)
                        .join(", ") || "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} perPage={perPage} total={total} filters={filters} />
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
            <input readOnly value={result.feedUrl} aria-label="Your feed address" size={80} />
          </div>
        ) : null}
        {feed ? (
          <p className="muted">
            You have a feed address created {formatDate(feed.createdAt)}
            {feed.lastUsedAt ? `, last read ${formatDateTime(feed.lastUsedAt)}` : ", not read yet"}.
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
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + n * DAY).toISOString().slice(0, 10);
}
