// What the digest pages share: the app's public address for links, and a recipient's digest
// composed exactly as the sender composes it (db/queries/digest.ts composeFor).
import type { AppLoadContext } from "@remix-run/node";
import { composeFor } from "../db/queries/digest";
import type { IsoWeek } from "../lib/digest/week";

export function appUrl(context: AppLoadContext, request: Request): string {
  return (context.env.PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

export async function previewFor(context: AppLoadContext, request: Request, recipientKey: string, week: IsoWeek) {
  const c = await composeFor(context.database.db, { recipientKey, period: week, appUrl: appUrl(context, request) });
  if (!c) return null;
  return {
    to: `${c.recipient.name} <${c.recipient.email}>`,
    subject: c.digest.subject,
    html: c.digest.html,
    text: c.digest.text,
    send: c.digest.send,
    quiet: c.digest.quiet,
    inactive: c.recipient.inactive,
  };
}
