// One chart on the dashboard: its title (what is counted), the drawing made on the server, the
// caption (data date, how many records behind it), a text alternative, a table behind a "Show as
// table" toggle (<details>, so it works without JavaScript; `?table=<id>` opens it) and its CSV.
import type { ChartView } from "./views.server";
import { seriesColours } from "./palette";

const COLUMN_LABELS: Record<string, string> = {
  key: "Key",
  label: "Name",
  count: "Count",
  requesting_country: "Requesting",
  host_country: "Host",
  week: "Week of",
  country: "Issuing country",
};

const UNIT_WORDS: Record<string, [string, string]> = {
  case: ["case", "cases"],
  decision: ["decision", "decisions"],
  notice: ["notice", "notices"],
};

const n = (v: number) => v.toLocaleString("en");

export function ChartCard({ view, asOf, csvHref, tableOpen }: { view: ChartView; asOf: string; csvHref: string; tableOpen: boolean }) {
  const [one, many] = UNIT_WORDS[view.unit] ?? ["record", "records"];
  const colours = seriesColours(view.series.length);
  const headId = `chart-${view.id}`;
  const empty = view.totalRows === 0;
  const labelOf = (c: string) => COLUMN_LABELS[c] ?? view.series.find((s) => s.key === c)?.label ?? c;
  const labelIndex = view.columns.indexOf("label");
  return (
    <section className={`card chart chart--${view.shape}`} aria-labelledby={headId} id={view.id}>
      <h3 id={headId}>{view.title}</h3>
      <p className="chart__counts muted">
        Counts {view.counts}.{view.multi ? ` ${view.multi}` : ""}
      </p>
      {empty ? (
        <p className="chart__empty">Nothing to count for these filters.</p>
      ) : (
        <>
          {view.map ? (
            <figure className="chart__map">
              <div role="img" aria-label={`World map of ${view.title.toLowerCase()}. ${view.alt}`} dangerouslySetInnerHTML={{ __html: view.map.svg }} />
              <figcaption>
                <ul className="chart__legend" aria-label="Map legend">
                  {view.map.bins.map((b) => (
                    <li key={b.from}>
                      <span className="swatch" style={{ background: b.colour }} aria-hidden="true" />
                      {b.from === b.to ? n(b.from) : `${n(b.from)}–${n(b.to)}`} {b.to === 1 ? one : many}
                    </li>
                  ))}
                  <li>
                    <span className="swatch swatch--empty" aria-hidden="true" />
                    none
                  </li>
                </ul>
                {view.map.small.length ? (
                  <p className="chart__small">
                    Too small to see on the map:{" "}
                    {view.map.small.map((s, i) => (
                      <span key={s.key}>
                        {i ? ", " : ""}
                        {s.href ? <a href={s.href}>{s.label}</a> : s.label} ({n(s.count)})
                      </span>
                    ))}
                    .
                  </p>
                ) : null}
              </figcaption>
            </figure>
          ) : null}
          {view.svg ? (
            <figure className="chart__figure">
              <div className="chart__svg" role="img" aria-label={`${view.title}. ${view.alt}`} dangerouslySetInnerHTML={{ __html: view.svg }} />
              {view.series.length ? (
                <figcaption>
                  <ul className="chart__legend" aria-label="Legend">
                    {view.series.map((s, i) => (
                      <li key={s.key}>
                        <span className="swatch" style={{ background: colours[i] }} aria-hidden="true" />
                        {s.label}
                      </li>
                    ))}
                  </ul>
                </figcaption>
              ) : null}
            </figure>
          ) : null}
          {view.drawNote ? <p className="muted chart__note">{view.drawNote}</p> : null}
        </>
      )}
      <p className="chart__caption">
        {view.behind === 1 ? `1 ${one}` : `${n(view.behind)} ${many}`} behind this chart
        {view.missing ? ` (${n(view.missing)} more with no value to count are left out)` : ""}; data as of {asOf}.{" "}
        <a href={csvHref} download>
          Download CSV
        </a>
      </p>
      {empty ? null : view.shape === "ranked" ? (
        <DataTable view={view} labelOf={labelOf} labelIndex={labelIndex} />
      ) : (
        <details className="chart__table" open={tableOpen}>
          <summary>Show as table</summary>
          <DataTable view={view} labelOf={labelOf} labelIndex={labelIndex} />
        </details>
      )}
    </section>
  );
}

function DataTable({ view, labelOf, labelIndex }: { view: ChartView; labelOf: (c: string) => string; labelIndex: number }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{view.title}</caption>
        <thead>
          <tr>
            {view.columns.map((c) => (
              <th key={c} scope="col" className={c === "key" || c === "label" || c === "week" || c.endsWith("country") ? undefined : "num"}>
                {labelOf(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.cells.map((row, i) => (
            <tr key={String(row[0])}>
              {row.map((cell, j) => {
                const href = j === labelIndex ? view.links[i] : null;
                const isNum = typeof cell === "number";
                return (
                  <td key={view.columns[j]} className={isNum ? "num" : undefined}>
                    {href ? <a href={href}>{cell}</a> : isNum ? n(cell) : cell}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {view.totalRows > view.cells.length ? (
        <p className="muted">
          The first {n(view.cells.length)} of {n(view.totalRows)} rows; the CSV has them all.
        </p>
      ) : null}
    </div>
  );
}
