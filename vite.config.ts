import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// The Remix Vite plugin replaces remix.config.js and the classic compiler (docs/decisions/001).
export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  ssr: {
    // Database drivers stay in node_modules: PGlite ships WASM and data files that break
    // when bundled, and postgres.js needs no bundling.
    external: ["@electric-sql/pglite", "postgres", "pg-boss", "@node-rs/argon2"],
  },
  build: { target: "es2022" },
  server: { port: 5173 },
});
