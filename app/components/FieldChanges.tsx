// Before and after for each changed field, the important fields first. Long texts (charges,
// distinguishing marks) as a word diff; short values as "before → after"; lists item by item.
// Insertions and deletions are <ins>/<del> with words for screen readers, and read in print and
// in dark mode without relying on colour.
import { diffArrays, diffWords } from "diff";
import type { FieldChange } from "../../lib/events";
import { countryLabel, fieldLabel, fieldValueText, sortFieldKeys } from "../format";

const LIST_FIELDS = new Set(["nationalities", "warrantCountries", "eyes", "hair", "languages"]);
const COUNTRY_LISTS = new Set(["nationalities", "warrantCountries"]);

export function FieldChanges({ changes }: { changes: Record<string, FieldChange> }) {
  const keys = sortFieldKeys(Object.keys(changes));
  return (
    <dl className="field-changes">
      {keys.map((key) => {
        const [before, after] = changes[key]!;
        return (
          <div key={key} className="field-changes__item" data-field={key}>
            <dt>{fieldLabel(key)}</dt>
            <dd>
              <ChangeValue field={key} before={before} after={after} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function Del({ children }: { children: React.ReactNode }) {
  return (
    <del>
      <span className="visually-hidden">[removed: </span>
      {children}
      <span className="visually-hidden">]</span>
    </del>
  );
}

function Ins({ children }: { children: React.ReactNode }) {
  return (
    <ins>
      <span className="visually-hidden">[added: </span>
      {children}
      <span className="visually-hidden">]</span>
    </ins>
  );
}

/** Long or multi-line on either side: worth a word diff rather than two blocks of text. */
const isLong = (s: string) => s.length > 60 || s.includes("\n");

export function ChangeValue({ field, before, after }: { field: string; before: unknown; after: unknown }) {
  if (LIST_FIELDS.has(field) && (Array.isArray(before) || Array.isArray(after))) {
    const a = ((before as unknown[] | null) ?? []).map(String);
    const b = ((after as unknown[] | null) ?? []).map(String);
    const label = (c: string) => (COUNTRY_LISTS.has(field) ? countryLabel(c) : c);
    const parts = diffArrays([...a].sort(), [...b].sort());
    return (
      <span className="change-list">
        {parts.flatMap((p, i) =>
          p.value.map((v, j) => (
            <span key={`${i}-${j}`} className="change-list__item">
              {p.removed ? <Del>{label(v)}</Del> : p.added ? <Ins>{label(v)}</Ins> : label(v)}
            </span>
          )),
        )}
        {a.length === 0 && b.length === 0 ? "—" : null}
      </span>
    );
  }
  const was = fieldValueText(field, before);
  const now = fieldValueText(field, after);
  if (was !== "—" && now !== "—" && (isLong(was) || isLong(now))) return <WordDiff before={was} after={now} />;
  return (
    <span className="change-pair">
      {was === "—" ? <span className="muted">(none)</span> : <Del>{was}</Del>}
      <span aria-hidden="true"> → </span>
      <span className="visually-hidden"> became </span>
      {now === "—" ? <span className="muted">(none)</span> : <Ins>{now}</Ins>}
    </span>
  );
}

/** The after text with the words taken out struck through and the words put in underlined. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  return (
    <div className="word-diff">
      <p className="word-diff__text">
        {parts.map((p, i) => (p.removed ? <Del key={i}>{p.value}</Del> : p.added ? <Ins key={i}>{p.value}</Ins> : <span key={i}>{p.value}</span>))}
      </p>
      <details className="word-diff__full">
        <summary>Before and after in full</summary>
        <div className="word-diff__sides">
          <div>
            <strong>Before</strong>
            <p className="word-diff__side">{before}</p>
          </div>
          <div>
            <strong>After</strong>
            <p className="word-diff__side">{after}</p>
          </div>
        </div>
      </details>
    </div>
  );
}
