// The digest's HTML part, with React Email's components (docs/decisions/015-digest.md): tables for
// layout, inline styles, no scripts, no remote images. Dark-mode safe: explicit text and background
// colours on every block (clients that invert colours keep contrast) and `color-scheme` declared.
import { Body } from "@react-email/body";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Hr } from "@react-email/hr";
import { Html } from "@react-email/html";
import { Link } from "@react-email/link";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { renderToStaticMarkup } from "react-dom/server";
import type { ComposedParts, DigestInput, DigestSection } from "./compose";
import { footerText } from "./compose";

const INK = "#1a1a1a";
const PAPER = "#ffffff";
const MUTED = "#555555";
const ACCENT = "#1f4e79";
const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const body = { backgroundColor: "#f2f2f2", color: INK, fontFamily: FONT, margin: 0, padding: "16px 0" };
const container = { backgroundColor: PAPER, color: INK, maxWidth: "600px", padding: "20px", border: "1px solid #dddddd" };
const h1 = { fontSize: "20px", lineHeight: "26px", margin: "0 0 8px", color: INK };
const h2 = { fontSize: "16px", lineHeight: "22px", margin: "20px 0 6px", color: INK, borderBottom: `2px solid ${ACCENT}`, paddingBottom: "4px" };
const text = { fontSize: "15px", lineHeight: "22px", margin: "0 0 8px", color: INK };
const small = { fontSize: "13px", lineHeight: "19px", margin: "0", color: MUTED };
const link = { color: ACCENT, textDecoration: "underline" };
const cell = { fontSize: "14px", padding: "4px 8px", borderBottom: "1px solid #e5e5e5", color: INK, textAlign: "left" as const };

function SectionBlock({ s }: { s: DigestSection }) {
  return (
    <Section>
      <Heading as="h2" style={h2}>
        {s.title}
      </Heading>
      {s.lead ? <Text style={text}>{s.lead}</Text> : null}
      {s.table ? (
        <table role="presentation" cellPadding={0} cellSpacing={0} width="100%" style={{ borderCollapse: "collapse", margin: "0 0 10px" }}>
          <thead>
            <tr>
              {s.table.head.map((h, i) => (
                <th key={h} style={{ ...cell, fontWeight: 600, textAlign: i === 0 ? "left" : "right" }}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.table.rows.map((r) => (
              <tr key={r[0]}>
                {r.map((v, i) => (
                  <td key={i} style={{ ...cell, textAlign: i === 0 ? "left" : "right" }}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {s.items.map((it, i) => (
        <table key={i} role="presentation" cellPadding={0} cellSpacing={0} width="100%" style={{ margin: "0 0 8px" }}>
          <tbody>
            <tr>
              <td style={{ fontSize: "15px", lineHeight: "22px", color: INK }}>
                {it.url ? (
                  <Link href={it.url} style={link}>
                    {it.text}
                  </Link>
                ) : (
                  it.text
                )}
                {it.detail ? <p style={small}>{it.detail}</p> : null}
              </td>
            </tr>
          </tbody>
        </table>
      ))}
    </Section>
  );
}

function DigestEmail({ input, c }: { input: DigestInput; c: ComposedParts }) {
  return (
    <Html lang="en">
      <Head>
        <meta name="color-scheme" content="light only" />
        <meta name="supported-color-schemes" content="light only" />
        <title>{c.subject}</title>
      </Head>
      <Preview>{c.intro}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading as="h1" style={h1}>
            Article 3 weekly digest
          </Heading>
          <Text style={text}>Hello {input.recipient.name},</Text>
          <Text style={text}>{c.intro}</Text>
          {c.sections.map((s) => (
            <SectionBlock key={s.key} s={s} />
          ))}
          <Hr style={{ borderColor: "#dddddd", margin: "20px 0 10px" }} />
          {footerText(input)
            .split("\n")
            .map((line, i) => {
              const url = /(https?:\/\/\S+)$/.exec(line)?.[1];
              return (
                <Text key={i} style={small}>
                  {url ? (
                    <>
                      {line.slice(0, line.length - url.length)}
                      <Link href={url} style={link}>
                        {url}
                      </Link>
                    </>
                  ) : (
                    line
                  )}
                </Text>
              );
            })}
        </Container>
      </Body>
    </Html>
  );
}

export function renderDigestHtml(input: DigestInput, c: ComposedParts): string {
  // renderToStaticMarkup is synchronous and has no React attributes: the composer stays a plain function.
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">${renderToStaticMarkup(<DigestEmail input={input} c={c} />)}`;
}
