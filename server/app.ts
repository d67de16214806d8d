import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Env } from "../config/env";
import type { Database } from "../db/client";
import type { Keyring } from "../lib/security/secret-box";
import { bodyLimit } from "./body-limit";
import { finalErrorHandler, refuseMalformedPath, refuseTrace } from "./errors";
import { noStore, originCheck } from "./origin-check";
import { remixHandler } from "./remix-handler";
import { nonceMiddleware, rateLimit, securityHeaders } from "./security";
import { forwardedForWarning } from "./warnings";

export interface AppOptions {
  env: Env;
  database: Database;
  version: string;
  /** The key ring that seals TOTP secrets (lib/security/totp-key.ts). */
  totpKeys: Keyring;
  /** Production: the built server. Development: a Vite dev server supplies it per request. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  vite?: { middlewares: express.RequestHandler };
  /** Set during shutdown: responses then ask clients to close their connection. */
  isShuttingDown?: () => boolean;
  log?: Pick<Console, "warn" | "error">;
}

export function createApp({ env, database, version, totpKeys, build, vite, isShuttingDown, log = console }: AppOptions) {
  const app = express();
  const dev = Boolean(vite);
  const https = env.PUBLIC_URL?.startsWith("https://") ?? false;

  app.disable("x-powered-by");
  // Express's own error pages show stack traces outside production; ours never do, but keep it honest.
  app.set("env", dev ? "development" : "production");
  if (env.TRUST_PROXY === "on") app.set("trust proxy", 1);

  app.use(refuseTrace);
  app.use(refuseMalformedPath);
  app.use(forwardedForWarning(env, log));
  app.use((_req, res, next) => {
    if (isShuttingDown?.()) res.setHeader("Connection", "close");
    next();
  });
  app.use(compression());
  app.use(nonceMiddleware);
  app.use(securityHeaders({ https, dev }));

  if (vite) {
    app.use(vite.middlewares);
  } else {
    const client = path.resolve("build/client");
    // Fingerprinted assets never change; everything else is revalidated.
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(client, { maxAge: "1h" }));
  }
  app.use(express.static("public", { maxAge: "1h" }));

  // Generous for people, tight enough to blunt scripted abuse; sign-in has its own throttle.
  app.use(rateLimit({ perMinute: 600, key: (req) => req.ip ?? "unknown" }));

  app.use(originCheck({ publicUrl: env.PUBLIC_URL }), noStore);
  // Bodies are read, and capped, before Remix sees them.
  app.use(bodyLimit({ formMaxBytes: env.FORM_MAX_BYTES, uploadMaxBytes: env.UPLOAD_MAX_BYTES }));
  // `use`, not `all("*")`: a route pattern makes Express decode the path and fail on "/%".
  app.use(
    remixHandler({
      build,
      mode: dev ? "development" : "production",
      getLoadContext: (req, res) => ({
        database,
        env,
        version,
        totpKeys,
        cspNonce: res.locals.cspNonce as string,
        ip: req.ip ?? "unknown",
      }),
    }),
  );
  app.use(finalErrorHandler(log));
  return app;
}
