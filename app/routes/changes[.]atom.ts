import type { LoaderFunctionArgs } from "@remix-run/node";
import { listChanges, userForFeedToken } from "../../db/queries/changes";
import { hashToken, looksLikeToken } from "../../lib/security/tokens";
import { FIELD_LABELS, personName } from "../format";
import { idToSlug } from "../../lib/notice-id";
import { changeFilterSchema, parseSearch } from "../watch-schemas";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The change log as Atom, for feed readers that cannot sign in: a per-user token in the URL
 * stands in for the session. Unknown or revoked tokens get 404, like any unknown address.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token");
  if (!looksLikeToken(token)) throw new Response("Not Found", { status: 404 });
  const db = context.database.db;
  const user = await userForFeedToken(db, hashToken(token));
  if (!user) throw new Response("Not Found", { status: 404 });
  const filters = parseSearch(changeFilterSchema, request.url);
  const { rows } = await listChanges(db, { kind: filters.kind, country: filters.country, perPage: 200 });
  const origin = context.env.PUBLIC_URL ?? url.origin;
  const updated = (rows[0]?.occurredAt ?? new Date(0)).toISOString();
  const entries = rows.map((e) => {
    const fields = Object.keys((e.changes ?? {}) as object).map((f) => FIELD_LABELS[f] ?? f);
    const title = `${e.kind[0]!.toUpperCase()}${e.kind.slice(1)}: ${personName(e)} (${e.entityId})`;
    const link = `${origin}/notices/${idToSlug(e.entityId)}#history`;
    const summary =
      e.kind === "changed" || (e.kind === "reappeared" && fields.length)
        ? `Changed fields: ${fields.join(", ")}.`
        : e.kind === "removed"
          ? "No longer published: its own page on Interpol's service answered Not Found."
          : e.kind === "added"
            ? "Newly published red notice."
            : "Published again after removal.";
    return `<entry>
  <id>urn:article3:notice-event:${e.id}</id>
  <title>${esc(title)}</title>
  <link href="${esc(link)}"/>
  <updated>${e.occurredAt.toISOString()}</updated>
  <summary>${esc(summary)}</summary>
</entry>`;
  });
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:article3:changes</id>
  <title>Article 3: changes in Interpol's public red notices</title>
  <link rel="alternate" href="${esc(`${origin}/changes`)}"/>
  <updated>${updated}</updated>
  <author><name>Article 3</name></author>
${entries.join("\n")}
</feed>
`;
  return new Response(body, {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
