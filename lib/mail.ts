// Outgoing e-mail (digests, invitations) through nodemailer: SMTP when `SMTP_URL` is set, else an
// outbox folder of .eml files in the data folder (listed under Admin › Deliveries), so the demo
// and an offline install work without a mail server.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Without angle brackets is fine; one is made when absent. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  kind: "smtp" | "outbox";
  /** Where mail goes, for logs and pages (never the SMTP password). */
  describe: string;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailSettings {
  SMTP_URL?: string;
  MAIL_FROM: string;
  DATA_DIR: string;
  PUBLIC_URL?: string;
}

export const outboxDir = (dataDir: string) => path.resolve(dataDir, "outbox");

/** The host part of our Message-IDs: the public host when known. */
export function messageIdHost(publicUrl?: string): string {
  try {
    return publicUrl ? new URL(publicUrl).hostname : "article3.localhost";
  } catch {
    return "article3.localhost";
  }
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i;

/** Where SMTP mail goes, without credentials. */
function smtpDescription(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "SMTP";
  }
}

export function createMailer(settings: MailSettings, opts: { pool?: boolean; timeoutMs?: number } = {}): Mailer {
  const host = messageIdHost(settings.PUBLIC_URL);
  const withId = (mail: OutgoingMail) => {
    const raw = mail.messageId ?? `${Date.now().toString(36)}.${randomBytes(8).toString("hex")}@${host}`;
    return raw.startsWith("<") ? raw : `<${raw}>`;
  };
  const message = (mail: OutgoingMail, messageId: string) => ({
    from: settings.MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId,
    date: new Date(),
    headers: { "Auto-Submitted": "auto-generated", ...mail.headers },
  });

  if (settings.SMTP_URL) {
    const url = settings.SMTP_URL;
    const hostname = (() => {
      try {
        return new URL(url).hostname;
      } catch {
        return "";
      }
    })();
    const timeout = opts.timeoutMs ?? 30_000;
    const transport = nodemailer.createTransport({
      url,
      pool: opts.pool ?? false,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 2,
      // A server on this machine (a local relay, a test server) often offers STARTTLS with a
      // self-signed certificate; the connection never leaves the host, so it is not checked.
      ...(LOOPBACK.test(hostname) ? { tls: { rejectUnauthorized: false } } : {}),
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return {
      kind: "smtp",
      describe: smtpDescription(url),
      async send(mail) {
        const messageId = withId(mail);
        await transport.sendMail(message(mail, messageId));
        return { messageId };
      },
      close: () => transport.close(),
    };
  }

  const dir = outboxDir(settings.DATA_DIR);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    kind: "outbox",
    describe: `the outbox folder ${dir}`,
    async send(mail) {
      const messageId = withId(mail);
      const info = (await transport.sendMail(message(mail, messageId))) as unknown as { message: Buffer };
      mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
      writeFileSync(path.join(dir, name), info.message, { mode: 0o600 });
      return { messageId };
    },
    close: () => transport.close(),
  };
}

export interface OutboxEntry {
  name: string;
  size: number;
  at: Date;
  to: string;
  subject: string;
}

/** The newest messages in the outbox folder, with their To and Subject read from the headers. */
export function listOutbox(dataDir: string, limit = 50): OutboxEntry[] {
  const dir = outboxDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^[\w.-]+\.eml$/.test(n));
  } catch {
    return [];
  }
  return names
    .sort()
    .reverse()
    .slice(0, limit)
    .map((name) => {
      const file = path.join(dir, name);
      const head = readFileSync(file, "utf8").slice(0, 8000).split(/\r?\n\r?\n/)[0] ?? "";
      const header = (h: string) => new RegExp(`^${h}: ?(.*(?:\\r?\\n[ \\t].*)*)`, "mi").exec(head)?.[1]?.replace(/\r?\n[ \t]/g, " ") ?? "";
      const st = statSync(file);
      return { name, size: st.size, at: st.mtime, to: header("To"), subject: decodeHeader(header("Subject")) };
    });
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) back to text, for the outbox list. */
function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === "b"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

/** An outbox message's bytes, or null (a name that is not one of ours is never read). */
export function readOutbox(dataDir: string, name: string): Buffer | null {
  if (!/^[\w.-]+\.eml$/.test(name) || name.includes("..")) return null;
  try {
    return readFileSync(path.join(outboxDir(dataDir), name));
  } catch {
    return null;
  }
}
