import { Link } from "@remix-run/react";
import { formatNumber } from "../../lib/words";
import { toSearch } from "../watch-schemas";

/** Previous / next links that keep the current filters; plain links, so no JavaScript needed. */
export function Pager({
  page,
  perPage,
  total,
  filters,
}: {
  page: number;
  perPage: number;
  total: number;
  filters: Record<string, unknown>;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? (
        <Link to={toSearch(filters, { page: page - 1 })} rel="prev">
          ← Previous
        </Link>
      ) : null}
      <span>
        Page {formatNumber(page)} of {formatNumber(pages)}
      </span>
      {page < pages ? (
        <Link to={toSearch(filters, { page: page + 1 })} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
