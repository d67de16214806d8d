// The weekly digest against a real SMTP server (smtp-server in this process, mailparser reading
// what arrived): one message per recipient and week with the right sections, nothing beyond what
// each recipient may see (canaries in every internal and restricted record), no duplicates after a
// sender dies or beside a second sender, retries when the SMTP server is down, and an unsubscribe
// link that works once, without signing in, and refuses forgeries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, type Env } from "../../config/env";
import { openDatabase, type Database } from "../../db/client";
import { addRecipient, digestSigningKey, listDeliveries, resolveRecipient, saveDigestSettings, DEFAULT_SETTINGS } from "../../db/queries/digest";
import { caseAlerts, caseEvents, caseFollows, cases, decisions, digestRecipients, noticeEvents, notices, notifications, recordShares } from "../../db/schema/index";
import { parseWeek, weekOf, type IsoWeek } from "../../lib/digest/week";
import { signUnsubscribe } from "../../lib/digest/token";
import { createMailer, type Mailer } from "../../lib/mail";
import { DIGEST_JOB_ID } from "../../lib/jobs";
import { runTaskNow } from "../../jobs/runner";
import { tasks } from "../../jobs/tasks/index";
import { runDigest, type DigestSummary } from "../../jobs/tasks/digest";
import { eq } from "drizzle-orm";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../../app/routes/unsubscribe.$token";
import { callAction, callLoader, createUserWithSession } from "../support/auth";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { freePort, startSmtp, type TestSmtp } from "../support/smtp";
import type { UserRow } from "../../db/queries/users";
import { action as usersAction } from "../../app/routes/admin.users._index";

let database: TestDatabase;
let smtp: TestSmtp;
let env: Env;
let editor: UserRow;
let viewer: UserRow;
const NOW = new Date();
const week = weekOf(NOW);

const INTERNAL = ["CANARY-INT-CASE", "CANARY-INT-HEARING", "CANARY-INT-DECISION", "A3-2026-0902", "CANARY-INT-ALERT-CASE"];
const RESTRICTED = ["CANARY-RES-CASE", "CANARY-RES-LEGALNAME", "CANARY-RES-CONTACT", "CANARY-RES-HEARING", "CANARY-RES-DECISION", "A3-2026-0903"];
const PRIVATE_NOTE = "CANARY-EDITOR-NOTIFICATION";

const env0 = (over: Record<string, string> = {}) =>
  parseEnv({ NODE_ENV: "test", SCHEDULER: "off", PUBLIC_URL: "https://a3.example.org", MAIL_FROM: "Article 3 <digest@a3.example.org>", ...over });

async function seed(db: Database["db"]) {
  const soon = new Date(week.end.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
  const [pub, int, res] = await db
    .insert(cases)
    .values([
      { reference: "A3-2026-0901", key: "pub", title: "Public case of a journalist", subjectName: "H", requestingCountry: "RU", visibility: "public", legalName: "CANARY-RES-LEGALNAME", contactDetails: "CANARY-RES-CONTACT" },
      { reference: "A3-2026-0902", key: "int", title: "CANARY-INT-CASE", subjectName: "K", requestingCountry: "RU", visibility: "internal" },
      { reference: "A3-2026-0903", key: "res", title: "CANARY-RES-CASE", subjectName: "CANARY-RES-CASE", requestingCountry: "RU", visibility: "restricted" },
    ])
    .returning({ id: cases.id });
  await db.insert(caseEvents).values([
    { caseId: pub!.id, occurredOn: soon, precision: "day", sortDate: soon, kind: "hearing", description: "Extradition hearing in Madrid", visibility: "public" },
    { caseId: pub!.id, occurredOn: soon, precision: "day", sortDate: soon, kind: "hearing", description: "CANARY-INT-HEARING", visibility: "internal" },
    { caseId: pub!.id, occurredOn: soon, precision: "day", sortDate: soon, kind: "deadline", description: "CANARY-RES-HEARING", visibility: "restricted" },
    { caseId: int!.id, occurredOn: soon, precision: "day", sortDate: soon, kind: "hearing", description: "internal case hearing", visibility: "public" },
  ]);
  await db.insert(decisions).values([
    { citation: "Public Court 1/2026", forum: "national_court", outcome: "extradition_refused", requestingCountry: "RU", visibility: "public" },
    { citation: "CANARY-INT-DECISION", forum: "national_court", outcome: "extradition_refused", requestingCountry: "RU", visibility: "internal" },
    { citation: "CANARY-RES-DECISION", forum: "national_court", outcome: "extradition_refused", requestingCountry: "RU", visibility: "restricted", caseId: res!.id },
  ]);
  const notice = (id: string, name: string, countries: string[]) => ({
    entityId: id, name, forename: "IVAN", warrantCountries: countries, fields: {}, contentHash: id, firstSeenAt: NOW, lastSeenAt: NOW,
  });
  await db.insert(notices).values([notice("2026/1", "PUBLICOV", ["RU"]), notice("2026/2", "LINKEDOV", ["RU"]), notice("2026/3", "CHINOV", ["CN"]), notice("2026/4", "SECRETOV", ["RU"])]);
  await db.insert(noticeEvents).values([
    { entityId: "2026/1", runId: 1, kind: "reappeared", occurredAt: NOW },
    { entityId: "2026/2", runId: 1, kind: "changed", changes: { warrants: [[], []] }, occurredAt: NOW },
    { entityId: "2026/3", runId: 1, kind: "added", occurredAt: NOW },
    { entityId: "2026/4", runId: 1, kind: "changed", changes: { height: [1, 2] }, occurredAt: NOW },
    { entityId: "2026/3", runId: 0, kind: "added", occurredAt: NOW, baseline: true },
  ]);
  // Links: the internal case links 2026/2 (internal alert), the restricted case 2026/4.
  await db.insert(caseAlerts).values([
    { caseId: int!.id, kind: "red_notice", entityId: "2026/2", notes: "CANARY-INT-ALERT-CASE", visibility: "internal" },
    { caseId: res!.id, kind: "red_notice", entityId: "2026/4", visibility: "restricted" },
  ]);
  return { pub: pub!.id, int: int!.id, res: res!.id };
}

let ids: { pub: number; int: number; res: number };

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtp();
  env = env0({ SMTP_URL: smtp.url });
  ({ user: editor } = await createUserWithSession(database, "editor", { name: "Edith Editor", email: "edith@example.org" }));
  ({ user: viewer } = await createUserWithSession(database, "viewer", { name: "Victor Viewer", email: "victor@example.org" }));
  await addRecipient(database.db, { email: "partner@example.net", name: "Partner Fund", countries: ["RU"] });
  ids = await seed(database.db);
  // The viewer follows the internal case (its linked notice comes first); the editor has a notification.
  await database.db.insert(caseFollows).values({ caseId: ids.int, userId: viewer.id });
  await database.db.insert(notifications).values({ userId: editor.id, kind: "linked_notice.changed", title: PRIVATE_NOTE, createdAt: NOW });
});
afterAll(async () => {
  await smtp?.close();
  await database?.close();
});

const run = async (w: IsoWeek, e: Env = env, options: Record<string, unknown> = {}) => {
  const outcome = await runTaskNow<DigestSummary>(database, e, DIGEST_JOB_ID, { tasks, input: { week: w.week }, options });
  expect(outcome.acquired).toBe(true);
  return outcome.result!;
};
const to = (addr: string) => smtp.messages.filter((m) => m.rcpt.includes(addr));
/** The List-Unsubscribe URL as sent (mailparser reads the header into parts; the raw header is what clients use). */
const unsubscribeUrl = (m: TestSmtp["messages"][number]) => /^List-Unsubscribe:\s*<([^>]+)>/im.exec(m.raw.replace(/\r?\n[ \t]+/g, " "))![1]!;
const body = (m: TestSmtp["messages"][number]) => `${m.subject}\n${m.text}\n${m.html || ""}`;

describe("the weekly digest over SMTP", () => {
  it("sends each recipient exactly one message for the week, with the right sections and headers", async () => {
    const summary = await run(week);
    expect(summary).toMatchObject({ week: week.week, recipients: 3, sent: 3, failed: 0, status: "succeeded" });
    await smtp.waitFor(3);
    for (const addr of ["edith@example.org", "victor@example.org", "partner@example.net"]) expect(to(addr)).toHaveLength(1);

    const v = to("victor@example.org")[0]!;
    const text = v.text!;
    // Followed case's notice first, then the public notices, cases, decisions, what is coming.
    const order = ["\nNOTICES LINKED TO THE CASES YOU FOLLOW\n", "\nPUBLIC RED NOTICES\n", "\nCASES\n", "\nDECISIONS\n", "\nHEARINGS AND DEADLINES IN THE COMING TWO WEEKS\n"];
    const at = order.map((h) => text.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toMatch(/LINKEDOV, IVAN \(Russia\): changed \(linked to a case; charges changed; case A3-2026-0902\)/);
    expect(text).toMatch(/Russia: 0 new, 3 changed|Russia: 0 new, 2 changed, 0 removed, 1 reappeared/);
    expect(text).toMatch(/China: 1 new/);
    expect(v.subject).toMatch(/^Article 3, week \d+: 1 linked notice changed/);

    // Headers a mail system relies on.
    const h = v.headers;
    expect(String(h.get("auto-submitted"))).toBe("auto-generated");
    expect(v.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(unsubscribeUrl(v)).toMatch(/^https:\/\/a3\.example\.org\/unsubscribe\/[\w-]+\.[\w-]+$/);
    expect(v.messageId).toMatch(/^<digest\.\d{4}-W\d{2}\.\d+@a3\.example\.org>$/);
    expect(v.date).toBeInstanceOf(Date);
    expect(v.html).not.toMatch(/<script|<img|<link /i);

    // The partner watches RU only: no Chinese notice.
    const p = to("partner@example.net")[0]!;
    expect(p.text).not.toMatch(/China/);

    // A second run for the week sends nothing more.
    const again = await run(week);
    expect(again).toMatchObject({ recipients: 3, sent: 0, skipped: 3, alreadySent: 3, failed: 0 });
    expect(smtp.messages).toHaveLength(3);
  });

  it("gives an external recipient nothing that is not public, a viewer nothing restricted, and the editor what they may see", async () => {
    const external = body(to("partner@example.net")[0]!);
    for (const canary of [...INTERNAL, ...RESTRICTED, PRIVATE_NOTE]) expect(external, canary).not.toContain(canary);
    expect(external).toContain("Public case of a journalist");
    expect(external).toContain("Extradition hearing in Madrid");
    // SECRETOV's only notable trait is its link to a restricted case: the editor sees it named, nobody else.
    expect(external).not.toContain("SECRETOV");

    const v = body(to("victor@example.org")[0]!);
    for (const canary of [...RESTRICTED, PRIVATE_NOTE]) expect(v, canary).not.toContain(canary);
    expect(v).toContain("CANARY-INT-CASE");
    // Restricted fields never appear in a digest, whoever reads it.
    const e = body(to("edith@example.org")[0]!);
    expect(e).toContain("CANARY-RES-CASE");
    expect(e).toContain(PRIVATE_NOTE);
    expect(e).not.toContain("CANARY-RES-LEGALNAME");
    expect(e).toMatch(/SECRETOV, IVAN \(Russia\): changed \(linked to a case; case A3-2026-0903\)/);
    expect(v).not.toContain("SECRETOV");
  });

  it("a viewer sees a restricted record once it is shared with them", async () => {
    await database.db.insert(recordShares).values({ recordType: "case", recordId: ids.res, userId: viewer.id });
    const { composeFor } = await import("../../db/queries/digest");
    const c = await composeFor(database.db, { recipientKey: `user:${viewer.id}`, period: week, appUrl: "https://a3.example.org" });
    expect(c!.digest.text).toContain("CANARY-RES-CASE");
    await database.db.delete(recordShares).where(eq(recordShares.userId, viewer.id));
  });

  it("after a sender dies midway, the next run sends the rest and nothing twice", async () => {
    const w = parseWeek(weekOf(new Date(week.start.getTime() - 7 * 86_400_000)).week)!;
    for (let i = 0; i < 5; i++) await addRecipient(database.db, { email: `kill${i}@example.net`, name: `Kill ${i}` });
    const real = createMailer({ ...env });
    let sent = 0;
    let release: (e: Error) => void = () => {};
    // Sends two, then hangs on the third as a killed process would: its claims stay "sending".
    const dying: Mailer = {
      ...real,
      async send(m) {
        if (sent >= 2) return new Promise((_, reject) => (release = reject));
        sent++;
        return real.send(m);
      },
    };
    const dead = runDigest({ database, env, week: w, mailer: dying, batch: 3, workerId: "dead" });
    await smtp.waitFor(3 + 2);
    const before = smtp.messages.length;
    // The next run (the job's lock is free: the dead sender held none of its own) takes up the rest.
    const summary = await run(w);
    expect(summary.failed).toBe(0);
    const total = summary.recipients;
    expect(total).toBe(8);
    await smtp.waitFor(before + (total - 2));
    // The dead sender wakes up with an error: its claims are not its own any more, nothing changes.
    release(new Error("killed"));
    await dead.catch(() => {});
    const inWeek = smtp.messages.filter((m) => m.messageId?.startsWith(`<digest.${w.week}.`));
    const perRecipient = new Map<string, number>();
    for (const m of inWeek) perRecipient.set(m.rcpt[0]!, (perRecipient.get(m.rcpt[0]!) ?? 0) + 1);
    expect(perRecipient.size).toBe(8);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    const rows = await listDeliveries(database.db, { period: w.week });
    expect(rows.every((r) => r.delivery.status === "sent")).toBe(true);
  });

  it("two senders at once send each message once", async () => {
    const w = parseWeek(weekOf(new Date(week.start.getTime() - 14 * 86_400_000)).week)!;
    // On PostgreSQL the second sender has its own connections, as a second process would.
    const second: Database = database.url ? await openDatabase({ url: database.url, max: 2 }) : database;
    try {
      const [a, b] = await Promise.all([
        runDigest({ database, env, week: w, workerId: "a", batch: 2 }),
        runDigest({ database: second, env, week: w, workerId: "b", batch: 2 }),
      ]);
      expect(a.sent + b.sent).toBe(a.recipients);
      expect(a.sent).toBeGreaterThan(0);
      await smtp.waitFor(smtp.messages.length);
      await new Promise((r) => setTimeout(r, 200));
      const inWeek = smtp.messages.filter((m) => m.messageId?.startsWith(`<digest.${w.week}.`));
      expect(inWeek).toHaveLength(a.recipients);
      expect(new Set(inWeek.map((m) => m.rcpt[0])).size).toBe(a.recipients);
    } finally {
      if (second !== database) await second.close();
    }
  });

  it("with the SMTP server down, deliveries fail, wait with back-off, and go out once it is back", async () => {
    const w = parseWeek(weekOf(new Date(week.start.getTime() - 21 * 86_400_000)).week)!;
    const port = await freePort();
    const downEnv = env0({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const first = await run(w, downEnv);
    expect(first.failed).toBe(first.recipients);
    expect(first.sent).toBe(0);
    const rows = await listDeliveries(database.db, { period: w.week });
    expect(rows.every((r) => r.delivery.status === "failed" && r.delivery.attempts === 1 && r.delivery.lastError)).toBe(true);
    // Not due yet: an immediate re-run sends nothing.
    expect((await run(w, downEnv)).sent).toBe(0);

    const back = await startSmtp({ port });
    try {
      const later = () => new Date(Date.now() + 5 * 60_000);
      const second = await run(w, downEnv, { now: later });
      expect(second).toMatchObject({ sent: first.recipients, failed: 0, status: "succeeded" });
      await back.waitFor(first.recipients);
      expect(new Set(back.messages.map((m) => m.rcpt[0])).size).toBe(first.recipients);
      const after = await listDeliveries(database.db, { period: w.week });
      expect(after.every((r) => r.delivery.status === "sent" && r.delivery.attempts === 2)).toBe(true);
    } finally {
      await back.close();
    }
  });

  it("the unsubscribe link works once, with no sign-in, and a forged or altered token is refused", async () => {
    const m = to("partner@example.net")[0]!;
    const url = new URL(unsubscribeUrl(m));
    const token = url.pathname.split("/").pop()!;
    const page = await callLoader(unsubscribeLoader, { database, path: url.pathname, params: { token } });
    expect(page.status).toBe(200);
    // One-click, as a mail provider posts it: no cookie, no Origin.
    const done = await callAction(unsubscribeAction, { database, path: url.pathname, params: { token }, form: { "List-Unsubscribe": "One-Click" }, headers: { origin: "" } });
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ done: true });
    const [row] = await database.db.select().from(digestRecipients).where(eq(digestRecipients.email, "partner@example.net"));
    expect(row!.unsubscribedAt).not.toBeNull();
    const twice = await callAction(unsubscribeAction, { database, path: url.pathname, params: { token }, form: {} });
    expect(twice.status).toBe(410);

    // Altered: another recipient in the payload, same signature. Forged: signed with another key.
    const [payload, sig] = token.split(".");
    const json = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const altered = `${Buffer.from(JSON.stringify({ ...json, k: `user:${editor.id}` })).toString("base64url")}.${sig}`;
    const forged = signUnsubscribe(Buffer.alloc(32, 7), { recipientKey: `user:${editor.id}`, period: week.week });
    for (const bad of [altered, forged, "nonsense", `${payload}.${"A".repeat(43)}`]) {
      const r = await callAction(unsubscribeAction, { database, path: `/unsubscribe/${bad}`, params: { token: bad }, form: {} });
      expect(r.status, bad).toBe(404);
    }
    expect((await resolveRecipient(database.db, `user:${editor.id}`))!.settings.paused).toBe(false);

    // A user's link pauses their digest; the next run skips them.
    const key = await digestSigningKey(database.db);
    const mine = signUnsubscribe(key, { recipientKey: `user:${viewer.id}`, period: week.week });
    expect((await callAction(unsubscribeAction, { database, path: `/unsubscribe/${mine}`, params: { token: mine }, form: {} })).status).toBe(200);
    expect((await resolveRecipient(database.db, `user:${viewer.id}`))!.settings.paused).toBe(true);
    await saveDigestSettings(database.db, viewer.id, DEFAULT_SETTINGS);
  });

  it("e-mails an invitation when SMTP_URL is set", async () => {
    const { cookie } = await createUserWithSession(database, "admin", { name: "Ada Admin" });
    const before = smtp.messages.length;
    const r = await callAction(usersAction, { database, path: "/admin/users", cookie, form: { intent: "invite", email: "newcomer@example.org", role: "viewer" }, env: { SMTP_URL: smtp.url } });
    expect(r.data).toMatchObject({ kind: "invited", emailed: true });
    await smtp.waitFor(before + 1);
    const m = to("newcomer@example.org")[0]!;
    expect(m.subject).toBe("Your invitation to Article 3");
    expect(m.text).toContain((r.data as { url: string }).url);
  });
});
