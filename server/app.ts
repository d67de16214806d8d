import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Env } from "../config/env";
import type { Database } from "../db/client";
import { noStore, originCheck } from "./origin-check";
import { nonceMiddleware, rateLimit, securityHeaders } from "./security";

export interface AppOptions {
  env: Env;
  database: Database;
  version: string;
  /** Production: the built server. Development: a Vite dev server supplies it per request. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  vite?: { middlewares: express.RequestHandler };
  /** Set during shutdown: responses then ask clients to close their connection. */
  isShuttingDown?: () => boolean;
}

export function createApp({ env, database, version, build, vite, isShuttingDown }: AppOptions) {
  const app = express();
  const dev = Boolean(vite);
  const https = env.PUBLIC_URL?.startsWith("https://") ?? false;

  app.disable("x-powered-by");
  if (env.TRUST_PROXY === "on") app.set("trust proxy", 1);

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
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: dev ? "development" : "production",
      getLoadContext: (req, res) => ({
        database,
        env,
        version,
        cspNonce: res.locals.cspNonce as string,
        ip: req.ip ?? "unknown",
      }),
    }),
  );
  return app;
}
