import { useEffect, useState } from "react";

/**
 * "Copy" for a value shown next to it. Rendered only once JavaScript runs (the clipboard needs it);
 * without JavaScript the value itself stays selectable text.
 */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [ready, setReady] = useState(false);
  const [done, setDone] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => setReady(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!ready) return null;
  return (
    <>
      <button
        type="button"
        className="button--secondary"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setDone("copied"),
            () => setDone("failed"),
          )
        }
      >
        {label}
      </button>
      <span role="status" className="muted">
        {done === "copied" ? "Copied." : done === "failed" ? "Could not copy: select the text instead." : ""}
      </span>
    </>
  );
}
