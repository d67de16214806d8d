import { Link } from "@remix-run/react";
import { toSearch } from "../filters";
import { formatCount } from "../format";

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
  if (pages <= 1 || page > pages) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? (
        <Link to={toSearch(filters, { page: page - 1 })} rel="prev">
          ← Previous
        </Link>
      ) : null}
      <span>
        Page {formatCount(page)} of {formatCount(pages)}
      </span>
      {page < pages ? (
        <Link to={toSearch(filters, { page: page + 1 })} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
