import type { ReactNode } from "react";
import { Field } from "./Field";

export interface ControlProps {
  id: string;
  name: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/**
 * One labelled filter control (a select or an input) with its message when the value was
 * refused. The control gets its id and accessibility attributes from `children(props)`.
 */
export function FilterField({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": described })}
    </Field>
  );
}

/** From and To (YYYY-MM-DD, inclusive), as the user typed them, each with its message. */
export function DateRangeFields({ from, to, errors }: { from: string; to: string; errors: Record<string, string> }) {
  return (
    <>
      <FilterField label="From" name="from" error={errors.from}>
        {(p) => <input {...p} type="date" defaultValue={from} />}
      </FilterField>
      <FilterField label="To" name="to" error={errors.to}>
        {(p) => <input {...p} type="date" defaultValue={to} />}
      </FilterField>
    </>
  );
}

/** Above a filter form whose values were refused: what was wrong, each linked to its field. */
export function FilterErrors({
  errors,
  labels,
  raw = {},
}: {
  errors: Record<string, string> | null | undefined;
  labels: Record<string, string>;
  /** What was given, said back: a date input cannot show "2026-13-45" itself. */
  raw?: Record<string, string | string[]>;
}) {
  const entries = Object.entries(errors ?? {});
  if (!entries.length) return null;
  return (
    <div className="notice-banner notice-banner--error" role="alert">
      <p>
        <strong>{entries.length === 1 ? "One filter" : `${entries.length} filters`} could not be applied</strong>, so nothing is listed:
      </p>
      <ul>
        {entries.map(([k, msg]) => (
          <li key={k}>
            {labels[k] ? <a href={`#f-${k}`}>{labels[k]}</a> : k}: {msg}
            {typeof raw[k] === "string" && raw[k] ? ` (given: “${String(raw[k]).slice(0, 80)}”)` : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
