// `npx tsx tests/bench/explain-precedents.ts DBNAME 'query' [json filters]`: EXPLAIN (ANALYZE,
// BUFFERS) of the statements a precedents search issues, on a filled database (the bench's
// BENCH_PG_DATABASE), to see where the time goes. A tool, not a bench.
import { sql, type SQL } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { rowsOf, type Db } from "../../db/client";
import { searchDecisions, similarDecisions } from "../../db/queries/decisions";
import type { Viewer } from "../../lib/visibility";

const [name, q, extra] = process.argv.slice(2);
const url = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
url.pathname = `/${name}`;
const database = await openDatabase({ url: url.toString(), max: 1 });
const viewer: Viewer = { kind: "user", userId: "bench-viewer", role: "viewer" };

// Every statement but `set local` is explained instead of run once, then run for real.
const explaining = (db: Db): Db =>
  new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "execute") {
        return async (query: SQL) => {
          const text = (target as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string } } }).dialect?.sqlToQuery?.(query)?.sql ?? "";
          if (!/^\s*set local/i.test(text)) {
            const plan = rowsOf<Record<string, string>>(await target.execute(sql`explain (analyze, buffers) ${query}`));
            console.log(`---- ${text.replace(/\s+/g, " ").slice(0, 160)}\n${plan.map((r) => Object.values(r)[0]).join("\n")}\n`);
          }
          return target.execute(query);
        };
      }
      if (prop === "transaction") {
        return (fn: (tx: Db) => Promise<unknown>) => target.transaction((tx) => fn(explaining(tx as unknown as Db)));
      }
      return Reflect.get(target, prop, receiver);
    },
  });

const t = performance.now();
if (q === "similar") await similarDecisions(explaining(database.db), viewer, Number(extra ?? 1));
else await searchDecisions(explaining(database.db), viewer, { q: q || undefined, ...(extra ? JSON.parse(extra) : {}) }, { limit: 20 });
console.log(`(${(performance.now() - t).toFixed(0)} ms with the explains)`);
await database.close();
