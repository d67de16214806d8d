import { formatDate, formatDateTime } from "../format";

/** A moment in UTC that never breaks across lines, machine-readable for assistive tech and copy. */
export function When({ value, date = false }: { value: string | Date | null | undefined; date?: boolean }) {
  if (!value) return <span className="muted">—</span>;
  const d = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={d.toISOString()} className="nowrap">
      {date ? formatDate(d) : formatDateTime(d)}
    </time>
  );
}
