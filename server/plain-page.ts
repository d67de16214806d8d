import type { Response } from "express";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A small self-contained HTML page for answers given before (or instead of) Remix: errors,
 * refused methods, bodies too large. It says what happened in plain words and nothing about the
 * server (no paths, no stack, no versions).
 */
export function sendPlainPage(res: Response, status: number, title: string, text: string, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  res.status(status);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader("Cache-Control", "no-store");
  res.type("html").send(`<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} ${esc(title)} · Article 3</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<p style="color: #666">${status}</p>
<h1>${esc(title)}</h1>
<p>${esc(text)}</p>
<p><a href="/">Back to Article 3</a></p>
</body>
</html>
`);
}
