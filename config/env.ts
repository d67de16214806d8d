import cron from "node-cron";
import { z } from "zod";
import { parseKey } from "../lib/security/secret-box";

/**
 * Every setting an operator may change, validated once at start. A bad value stops the
 * process with one line naming the variable (see `loadEnv`). Documented in README and
 * .env.example; keep the three in step.
 */
const port = z.coerce
  .number({ message: "expected a whole number from 1 to 65535" })
  .int("expected a whole number from 1 to 65535")
  .min(1, "expected a whole number from 1 to 65535")
  .max(65535, "expected a whole number from 1 to 65535");

const positiveInt = (what: string) =>
  z.coerce.number({ message: `expected ${what}` }).int(`expected ${what}`).positive(`expected ${what}`);

const onOff = z
  .enum(["on", "off"], { message: 'expected "on" or "off"' });

const base64Key = z
  .string()
  .refine((v) => parseKey(v) !== null, { message: "expected 32 bytes in base64, e.g. from `openssl rand -base64 32`" });

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, { message: "expected a postgres:// or postgresql:// URL" });

const DEFAULT_API_BASE_VALUE = "https://ws-public.interpol.int";

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], {
    message: 'expected "development", "production" or "test"',
  }).default("production"),
  PORT: port.default(3000),
  HOST: z.string().min(1, "expected a host name or address").default("0.0.0.0"),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1, "expected a folder path").default("./data"),
  PUBLIC_URL: z
    .string()
    .url({ message: "expected an absolute URL such as https://article3.example.org" })
    .optional(),
  TRUST_PROXY: onOff.default("off"),
  /** Key that seals two-factor secrets; unset: a key file in DATA_DIR/secrets (lib/security/totp-key.ts). */
  TOTP_KEY: base64Key.optional(),
  /** The evidence signing key (Ed25519, PKCS#8 PEM); unset: DATA_DIR/secrets/evidence-ed25519.pem (lib/evidence/keys.ts). */
  EVIDENCE_KEY_FILE: z.string().min(1, "expected a file path").optional(),
  /** An RFC 3161 time-stamping authority for each run's manifest (jobs/evidence/timestamp.ts); unset: none. */
  TSA_URL: z.string().url({ message: "expected an http(s) URL of an RFC 3161 time-stamping authority" }).optional(),
  /** Older keys still accepted while secrets are re-sealed with TOTP_KEY (a rotation). */
  TOTP_KEY_PREVIOUS: z
    .string()
    .refine((v) => v.split(",").every((k) => !k.trim() || parseKey(k) !== null), {
      message: "expected base64 keys of 32 bytes, separated by commas",
    })
    .optional(),
  /** Largest request body for forms, in bytes (server/body-limit.ts). */
  FORM_MAX_BYTES: positiveInt("a whole number of bytes").default(64 * 1024),
  /** Largest upload (CSV imports), in bytes. */
  UPLOAD_MAX_BYTES: positiveInt("a whole number of bytes").default(10 * 1024 * 1024),
  SESSION_IDLE_MINUTES: positiveInt("a whole number of minutes").default(60),
  SESSION_MAX_HOURS: positiveInt("a whole number of hours").default(12),
  SCHEDULER: onOff.default("on"),
  PULL_CRON: z
    .string()
    .min(1)
    .default("0 */6 * * *"),
  /** How often the job runner looks for work that pages asked for (seconds). */
  JOBS_POLL_SECONDS: z.coerce
    .number({ message: "expected a number of seconds from 0.5 to 60" })
    .min(0.5, "expected a number of seconds from 0.5 to 60")
    .max(60, "expected a number of seconds from 0.5 to 60")
    .default(2),
  /** On shutdown, how long a running job may go on before it is told to stop (seconds). */
  JOBS_STOP_GRACE_SECONDS: z.coerce
    .number({ message: "expected a number of seconds from 0 to 60" })
    .min(0, "expected a number of seconds from 0 to 60")
    .max(60, "expected a number of seconds from 0 to 60")
    .default(5),
  /** When to send the weekly digest (cron, UTC): Monday 07:00, covering the past ISO week. */
  DIGEST_CRON: z.string().min(1).default("0 7 * * 1"),
  /** SMTP server for the digest and invitations (`smtp://user:pass@host:587`, `smtps://…`); unset: an outbox folder. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, { message: "expected an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587" })
    .optional(),
  /** The From of every e-mail sent. */
  MAIL_FROM: z.string().min(3, "expected an address such as Article 3 <digest@example.org>").default("Article 3 <article3@localhost>"),
  INTERPOL_API_BASE: z
    .string()
    .url({ message: "expected an absolute URL such as https://ws-public.interpol.int" })
    .default(DEFAULT_API_BASE_VALUE),
  /** Unset: Interpol's own list, or, when INTERPOL_API_BASE points elsewhere, the same path under that base. */
  INTERPOL_COUNTRIES_URL: z.string().url({ message: "expected an absolute URL" }).optional(),
  INTERPOL_RPS: z.coerce
    .number({ message: "expected requests per second, a positive number" })
    .positive("expected requests per second, a positive number")
    .max(100, "expected at most 100 requests per second")
    .default(2),
  INTERPOL_CONCURRENCY: positiveInt("a whole number of parallel requests")
    .max(32, "expected at most 32 parallel requests")
    .default(2),
  INTERPOL_TIMEOUT_MS: positiveInt("a whole number of milliseconds").default(30_000),
  INTERPOL_RETRIES: z.coerce
    .number({ message: "expected a whole number of retries from 0 to 10" })
    .int("expected a whole number of retries from 0 to 10")
    .min(0, "expected a whole number of retries from 0 to 10")
    .max(10, "expected a whole number of retries from 0 to 10")
    .default(5),
  INTERPOL_BACKOFF_MS: positiveInt("a whole number of milliseconds").default(1000),
  INTERPOL_PROXY: z.string().url({ message: "expected a proxy URL such as http://proxy:8080" }).optional(),
});

const DEFAULT_API_BASE = DEFAULT_API_BASE_VALUE;
export const DEFAULT_COUNTRIES_URL = "https://www.interpol.int/en/notices/data/countries";

export type Env = Omit<z.infer<typeof envSchema>, "INTERPOL_COUNTRIES_URL"> & { INTERPOL_COUNTRIES_URL: string };

/**
 * The country list's address. A pull aimed at a fake or a proxy (INTERPOL_API_BASE set, the list
 * not) asks that base for it too, so it never reaches anything else.
 */
export function countriesUrlFor(apiBase: string, countriesUrl: string | undefined): string {
  if (countriesUrl) return countriesUrl;
  const base = apiBase.replace(/\/+$/, "");
  if (base === DEFAULT_API_BASE) return DEFAULT_COUNTRIES_URL;
  return `${base}/en/notices/data/countries`;
}

const SECRET_VARIABLES = new Set(["TOTP_KEY", "TOTP_KEY_PREVIOUS", "DATABASE_URL", "INTERPOL_PROXY", "SMTP_URL"]);

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    readonly expectation: string,
  ) {
    super(`Invalid configuration: ${variable} ${expectation}`);
  }
}

/** Parse the environment; empty strings count as unset so `.env` templates can leave blanks. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = source[key];
    if (v !== undefined && v.trim() !== "") cleaned[key] = v.trim();
  }
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    // Keys and URLs with credentials are never echoed (the message goes to logs).
    const given = SECRET_VARIABLES.has(variable) ? undefined : cleaned[variable];
    throw new EnvError(variable, `${issue.message}${given !== undefined ? ` (got "${given}")` : ""}`);
  }
  if (!cron.validate(result.data.PULL_CRON)) {
    throw new EnvError("PULL_CRON", `expected a cron expression such as "0 */6 * * *" (got "${result.data.PULL_CRON}")`);
  }
  if (!cron.validate(result.data.DIGEST_CRON)) {
    throw new EnvError("DIGEST_CRON", `expected a cron expression such as "0 7 * * 1" (got "${result.data.DIGEST_CRON}")`);
  }
  return {
    ...result.data,
    INTERPOL_COUNTRIES_URL: countriesUrlFor(result.data.INTERPOL_API_BASE, result.data.INTERPOL_COUNTRIES_URL),
  };
}

/** For process entry points: on a bad value print one line and exit 1. */
export function loadEnvOrExit(source: Record<string, string | undefined> = process.env): Env {
  try {
    return parseEnv(source);
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/**
 * The only configuration that may reach the browser. Anything added here is public:
 * it is serialised into every page.
 */
export function publicEnv(env: Env) {
  return { NODE_ENV: env.NODE_ENV } as const;
}
