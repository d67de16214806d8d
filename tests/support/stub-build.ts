// A minimal Remix server build for testing the Express app (server/app.ts) over real HTTP
// without a production build: resource routes only, each a plain loader or action.
import type { ServerBuild } from "@remix-run/node";

type Fn = (args: { request: Request }) => unknown;

export function stubBuild(routes: Record<string, { loader?: Fn; action?: Fn }>): ServerBuild {
  const manifest: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: { default: () => null } as never },
  };
  for (const [path, mod] of Object.entries(routes)) {
    const id = `routes/${path}`;
    manifest[id] = { id, parentId: "root", path, module: { ...mod } as never };
  }
  return {
    mode: "production",
    entry: {
      module: {
        // Document requests (no resource route matched): a bare page saying which status Remix chose.
        default: (_request: Request, status: number, headers: Headers) => {
          headers.set("Content-Type", "text/plain; charset=utf-8");
          return new Response(`document ${status}`, { status, headers });
        },
      },
    },
    routes: manifest,
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" } as never,
    publicPath: "/",
    assetsBuildDirectory: "",
    future: {} as never,
    isSpaMode: false,
  };
}
