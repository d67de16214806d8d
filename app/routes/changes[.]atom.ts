import type { LoaderFunctionArgs } from "@remix-run/node";
import { userForFeedToken } from "../../db/queries/changes";
import { listChanges } from "../../db/queries/events";
import { BASELINE_MEANING } from "../../lib/notice-events";
import { hashToken, looksLikeToken } from "../../lib/security/tokens";
import { changeFilterSchema, changeQuery } from "../changes-filters";
import { parseFilters } from "../filters";
import { FIELD_RANK, fieldLabel, personName, sortFieldKeys } from "../format";
import { idToSlug } from "../../lib/notice-id";

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
  const parsed = parseFilters(changeFilterSchema, request.url);
  if (!parsed.ok) {
    const why = Object.entries(parsed.errors).map(([k, m]) => `${k}: ${m}`).join("\n");
    throw new Response(`This feed address has filters that cannot be applied:\n${why}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  // The same filters as the Changes page (baseline left out unless asked for), newest first.
  const { rows } = await listChanges(db, { ...changeQuery(parsed.values), fieldRanks: FIELD_RANK, perPage: 200 });
  const origin = context.env.PUBLIC_URL ?? url.origin;
  const updated = (rows[0]?.at ?? new Date(0)).toISOString();
  const entries = rows.map((e) => {
    const fields = sortFieldKeys(Object.keys(e.changes ?? {})).map(fieldLabel);
    const title = `${e.kind[0]!.toUpperCase()}${e.kind.slice(1)}: ${personName(e)} (${e.entityId})`;
    const link = `${origin}/notices/${idToSlug(e.entityId)}#history`;
    const summary =
      e.kind === "changed" || (e.kind === "reappeared" && fields.length)
        ? `Changed fields: ${fields.join(", ")}.`
        : e.kind === "removed"
          ? "No longer published: its own page on Interpol's service answered Not Found."
          : e.kind === "added"
            ? e.baseline
              ? BASELINE_MEANING
              : "Newly published red notice."
            : "Published again after removal.";
    return `<entry>
  <id>urn:article3:notice-event:${e.id}</id>
  <title>${esc(title)}</title>
  <link href="${esc(link)}"/>
  <updated>${e.at.toISOString()}</updated>
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
