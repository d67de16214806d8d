/**
 * A digest as its recipient gets it: the HTML part in a sandboxed frame (no scripts, no links
 * followed inside it, the page's own CSP), and the plain-text part below it.
 */
export function DigestPreview({ subject, html, text, to }: { subject: string; html: string; text: string; to: string }) {
  return (
    <section className="stack" aria-label="Preview">
      <dl className="facts">
        <dt>To</dt>
        <dd>{to}</dd>
        <dt>Subject</dt>
        <dd>
          <strong>{subject}</strong>
        </dd>
      </dl>
      <iframe title={`Preview: ${subject}`} sandbox="" srcDoc={html} style={{ width: "100%", height: "32rem", border: "1px solid #ccc", background: "#fff" }} />
      <details>
        <summary>Plain-text part</summary>
        <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{text}</pre>
      </details>
    </section>
  );
}
