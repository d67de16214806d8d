// The dashboard bench's data: cases, decisions, pulls, notices and their history, generated in SQL.
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { ALERT_STATUSES, EXTRADITION_OUTCOMES, LIBERTY_STATUSES, MOTIVES, OUTCOMES, PROTECTION_STATUSES, TACTICS } from "../../lib/taxonomy";

export const CASES = Number(process.env.BENCH_CASES ?? 100_000);
export const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
export const NOTICES = Number(process.env.BENCH_NOTICES ?? 60_000);
const RUNS_OF_PULLS = 400;

const arr = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(",")}]`;
const COUNTRIES = ["RU", "CN", "TR", "TJ", "BY", "EG", "AE", "IN", "VE", "KZ", "RW", "BH", "AZ", "UZ", "IR", "SA", "PK", "BD", "NG", "UA"];
const HOSTS = ["FR", "DE", "GB", "US", "PL", "ES", "IT", "SE", "NL", "CY", "MT", "LI", "CA", "AU", "CH"];

/** Fill the store in SQL (generate_series with a fixed seed): fast on both drivers, the same data each run. */
export async function seedForBench(database: Database) {
  const run = (q: string) => database.db.execute(sql.raw(q));
  await run(`select setseed(0.42)`);
  const pickOne = (list: readonly string[]) => `(${arr(list)})[1 + floor(random() * ${list.length})::int]`;
  // `+ 0 * g` ties the series to the row: without it PostgreSQL computes the series once and every
  // case got the same number of motives, hosts and tactics (none, none and one).
  const pickSome = (list: readonly string[], max: number) =>
    `(select coalesce(array_agg(distinct x), '{}') from (select ${pickOne(list)} as x from generate_series(1, floor(random() * ${max + 1})::int + 0 * g)) s)`;
  await run(`insert into cases (reference, key, title, subject_name, requesting_country, host_countries, motives, tactics,
      alert_status, liberty_status, extradition_outcome, protection_status, monitoring_status, visibility, year_from, year_to)
    select 'A3-B-' || g, 'b-' || g, 'Case ' || g, 'Subject ' || g,
      case when random() < 0.05 then null else ${pickOne(COUNTRIES)} end,
      ${pickSome(HOSTS, 2)}, ${pickSome(MOTIVES.keys, 3)}, ${pickSome(TACTICS.keys, 4)},
      ${pickOne(ALERT_STATUSES.keys)}, ${pickOne(LIBERTY_STATUSES.keys)}, ${pickOne(EXTRADITION_OUTCOMES.keys)}, ${pickOne(PROTECTION_STATUSES.keys)},
      ${pickOne(["open", "watching", "closed"])}, ${pickOne(["public", "internal", "internal", "restricted"])},
      y, case when random() < 0.5 then y + floor(random() * 4)::int end
    from (select g, 2000 + floor(random() * 26)::int as y from generate_series(1, ${CASES}) g) s`);
  await run(`insert into decisions (citation, forum, outcome, requesting_country, decided_on, decided_sort, case_id, visibility)
    select 'B ' || g, 'extradition_court', ${pickOne(OUTCOMES.keys)}, case when random() < 0.5 then ${pickOne(COUNTRIES)} end,
      null, make_date(2005 + floor(random() * 21)::int, 1 + floor(random() * 12)::int, 1), 1 + floor(random() * ${CASES})::int,
      ${pickOne(["public", "internal", "restricted"])}
    from generate_series(1, ${Math.round(CASES / 10)}) g`);
  await run(`insert into crawl_runs (status, trigger, started_at, finished_at)
    select 'succeeded', 'schedule', timestamptz '2025-01-01' + (g || ' hours')::interval * 12, timestamptz '2025-01-01' + (g || ' hours')::interval * 12 + interval '20 minutes'
    from generate_series(0, ${RUNS_OF_PULLS - 1}) g`);
  await run(`insert into notices (entity_id, warrant_countries, fields, content_hash, status, first_seen_at, last_seen_at)
    select '2020/' || g, case when random() < 0.1 then array[${pickOne(COUNTRIES)}, ${pickOne(COUNTRIES)}] else array[${pickOne(COUNTRIES)}] end,
      '{}'::jsonb, md5(g::text), case when random() < 0.8 then 'active' else 'removed' end, now(), now()
    from generate_series(1, ${NOTICES}) g`);
  // The first pull's additions are the baseline; later pulls add, change, remove and bring back.
  await run(`insert into notice_events (entity_id, run_id, kind, occurred_at, baseline)
    select '2020/' || g, 1, 'added', r.started_at, true from generate_series(1, ${NOTICES}) g, crawl_runs r where r.id = 1`);
  const rest = Math.max(0, EVENTS - NOTICES);
  const batch = 200_000;
  for (let done = 0; done < rest; done += batch) {
    const n = Math.min(batch, rest - done);
    await run(`insert into notice_events (entity_id, run_id, kind, occurred_at, baseline)
      select '2020/' || (1 + floor(random() * ${NOTICES})::int), r, k, timestamptz '2025-01-01' + ((r - 1) || ' hours')::interval * 12, false
      from (select 2 + floor(random() * ${RUNS_OF_PULLS - 1})::int as r,
                   case when random() < 0.7 then 'changed' when random() < 0.5 then 'added' when random() < 0.8 then 'removed' else 'reappeared' end as k
            from generate_series(1, ${n})) s`);
  }
  await run(`insert into case_alerts (case_id, kind, entity_id, visibility)
    select 1 + floor(random() * ${CASES})::int, 'red_notice', '2020/' || (1 + floor(random() * ${NOTICES})::int), ${pickOne(["public", "internal", "restricted"])}
    from generate_series(1, ${Math.round(CASES / 5)})`);
  await run(`analyze`);
}

