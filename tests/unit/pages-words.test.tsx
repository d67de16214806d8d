// Plain words on the pages: counts and plurals, schedules, citations, ids in URLs, field order,
// before/after rendering, audit sentences and the photo response.
import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { interpolNoticePage, noticeCitation } from "../../app/cite";
import { EventTable } from "../../app/components/EventTable";
import { FieldChanges } from "../../app/components/FieldChanges";
import { CHANGE_FIELDS, fieldFromParam, sortFieldKeys } from "../../app/format";
import { parseIntId } from "../../app/ids";
import { photoResponse } from "../../app/notice-photos.server";
import { addedText, queriesText } from "../../app/run-words";
import { auditSentence } from "../../lib/audit-actions";
import { cronInWords } from "../../lib/cron-words";
import type { EventRecord } from "../../lib/events";
import { formatMoment, formatNumber, plural } from "../../lib/words";

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();

describe("counts and plurals", () => {
  it("agree in number and always separate thousands", () => {
    expect(plural(1, "notice")).toBe("1 notice");
    expect(plural(0, "notice")).toBe("0 notices");
    expect(plural(7007, "notice")).toBe("7,007 notices");
    expect(plural(2, "query", "queries")).toBe("2 queries");
    expect(formatNumber(1234567)).toBe("1,234,567");
  });

  it("say what capped queries mean, and the baseline apart from news", () => {
    expect(queriesText({ queriesDone: 1200, queriesPlanned: 1200, queriesFailed: 0, queriesCapped: 2 })).toBe(
      "1,200 of 1,200 list queries done; 2 queries had more than 160 results and were split.",
    );
    expect(queriesText({ queriesDone: 1, queriesPlanned: 1, queriesFailed: 0, queriesCapped: 1 })).toBe(
      "1 of 1 list query done; 1 query had more than 160 results and was split.",
    );
    expect(addedText({ added: 7007, baselineAdded: 7007 })).toBe("7,007 already published (the baseline)");
    expect(addedText({ added: 12, baselineAdded: 0 })).toBe("12");
  });

  it("read a cron schedule in words", () => {
    expect(cronInWords("*/15 * * * *")).toBe("every 15 minutes");
    expect(cronInWords("0 */6 * * *")).toBe("on the hour, every 6 hours");
    expect(cronInWords("not cron")).toBeNull();
  });
});

describe("citing a notice", () => {
  it("names the notice, the service, the moment in UTC and the full checksum", () => {
    const sha = "a".repeat(64);
    expect(
      noticeCitation({
        entityId: "2021/75051",
        url: "https://ws-public.interpol.int/notices/v1/red/2021-75051",
        capturedAt: new Date("2026-03-01T06:00:12Z"),
        sha256: sha,
      }),
    ).toBe(`Interpol red notice 2021/75051, as served by ws-public.interpol.int on 1 March 2026 at 06:00 UTC (SHA-256 ${sha}), archived by Article 3.`);
    expect(formatMoment("2026-11-28T23:05:00Z")).toBe("28 November 2026 at 23:05 UTC");
    expect(interpolNoticePage("2021/75051")).toBe("https://www.interpol.int/en/How-we-work/Notices/Red-Notices/View-Red-Notices#2021-75051");
  });
});

describe("ids in URLs", () => {
  it("accept only whole numbers the database can hold", () => {
    expect(parseIntId("12")).toBe(12);
    expect(parseIntId("2147483647")).toBe(2147483647);
    for (const bad of ["1e10", "9999999999999", "2147483648", "0", "-1", "012", "0x10", "1.5", "", " 1", undefined]) {
      expect(parseIntId(bad), String(bad)).toBeNull();
    }
  });
});

describe("fields, most important first", () => {
  it("puts charges, warrant countries, names and birth date before the rest", () => {
    expect(CHANGE_FIELDS.slice(0, 4).map((f) => f.key)).toEqual(["warrants", "warrantCountries", "name", "forename"]);
    expect(sortFieldKeys(["hair", "languages", "birthDate", "warrants", "name"])).toEqual(["warrants", "name", "birthDate", "hair", "languages"]);
    expect(fieldFromParam("charges")?.key).toBe("warrants");
    expect(fieldFromParam("hair")?.key).toBe("hair");
    expect(fieldFromParam("nonsense")).toBeUndefined();
  });
});

describe("before and after", () => {
  it("shows a long charge as a word diff with words for screen readers, important fields first", () => {
    const before = [{ issuer: "TR", charge: "Membership of an armed terrorist organisation, propaganda for a terrorist organisation", chargeTranslation: null }];
    const after = [{ issuer: "TR", charge: "Membership of an armed terrorist organisation, insulting the president", chargeTranslation: null }];
    const html = renderToStaticMarkup(<FieldChanges changes={{ hair: [["BLA"], ["GRY"]], warrants: [before, after] }} />);
    // Charges come before hair.
    expect(html.indexOf("Charges and warrants")).toBeLessThan(html.indexOf("Hair"));
    expect(html).toMatch(/<del>.*propaganda.*<\/del>/);
    expect(html).toMatch(/<ins>.*insulting.*<\/ins>/);
    // Unchanged words are plain text, not marked.
    expect(html).not.toMatch(/<del>[^<]*Membership/);
    expect(text(html)).toContain("[removed:");
    expect(text(html)).toContain("[added:");
    expect(html).toContain("Before and after in full");
  });

  it("shows a short value as before → after, and a list item by item", () => {
    const html = renderToStaticMarkup(
      <FieldChanges changes={{ name: ["PETROV", "PETROFF"], nationalities: [["RU"], ["RU", "UA"]] }} />,
    );
    expect(html).toMatch(/<del>.*PETROV.*<\/del>/);
    expect(html).toMatch(/<ins>.*PETROFF.*<\/ins>/);
    expect(text(html)).toContain("became");
    // Russia stays unmarked; Ukraine was added.
    expect(html).toMatch(/<ins>.*Ukraine \(UA\).*<\/ins>/);
    expect(html).not.toMatch(/<(ins|del)>[^/]*Russia/);
  });

  it("one table for every history: labelled cells for phones, dates that do not break", () => {
    const row: EventRecord = {
      id: "n:1",
      at: new Date("2026-03-01T06:00:00Z"),
      kind: "changed",
      subject: { type: "notice", id: "2021/75051", label: "AKHANLI, DOGAN" },
      changes: { name: ["AKHANLI", "AKHANLY"] },
      details: null,
      actor: null,
      runId: 3,
      baseline: false,
    };
    const html = renderToStaticMarkup(
      <StaticRouter location="/changes">
        <EventTable rows={[row, { ...row, id: "n:2", kind: "added", changes: null, baseline: true }]} caption="Changes" show={{ subject: true, run: true }} />
      </StaticRouter>,
    );
    expect(html).toContain('data-label="When (UTC)"');
    expect(html).toMatch(/<time[^>]*class="nowrap"[^>]*>2026-03-01 06:00 UTC<\/time>/);
    expect(html).toContain('href="/notices/2021-75051#history"');
    expect(html).toContain('href="/runs/3"');
    expect(text(html)).toContain("Baseline");
    expect(text(html)).toContain("not counted as new");
  });
});

describe("audit sentences", () => {
  it("say who did what to whom", () => {
    const render = (action: string, details: Record<string, unknown>) =>
      auditSentence(action, details)
        .map((p) => (typeof p === "string" ? p : p.ref === "actor" ? "ANNA" : "BOB"))
        .join("");
    expect(render("auth.sign_in", {})).toBe("ANNA signed in");
    expect(render("user.role_changed", { from: "editor", to: "viewer" })).toBe("ANNA changed the role of BOB from editor to viewer");
    expect(render("auth.sign_in_failed", { email: "a@example.org", reason: "wrong password" })).toBe(
      "A sign-in as a@example.org failed (wrong password)",
    );
    expect(render("something.new", {})).toBe("ANNA: something.new");
  });
});

describe("photo response", () => {
  it("serves an image with its type, nosniff, and only to this site", async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const res = photoResponse({ body: jpeg, contentType: "image/jpeg", sha256: "ab" }, "interpol-2021-75051-1");
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(res.headers.get("content-disposition")).toMatch(/^inline/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(jpeg);
    // Without a stored type, the bytes decide; never trust a claim of SVG or HTML.
    expect(photoResponse({ body: jpeg, contentType: null, sha256: null }, "x").headers.get("content-type")).toBe("image/jpeg");
    const svg = photoResponse({ body: new TextEncoder().encode("<svg onload=alert(1)>"), contentType: "image/svg+xml", sha256: null }, "x");
    expect(svg.headers.get("content-type")).toBe("application/octet-stream");
    expect(svg.headers.get("content-disposition")).toMatch(/^attachment/);
  });
});
