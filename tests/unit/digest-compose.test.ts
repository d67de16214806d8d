import { describe, expect, it } from "vitest";
import { composeDigest, type DigestInput } from "../../lib/digest/compose";
import { parseWeek, previousWeek, weekOf } from "../../lib/digest/week";

const week = parseWeek("2026-W48")!;

function input(over: Partial<DigestInput> = {}): DigestInput {
  return {
    recipient: { kind: "user", name: "Anna", email: "anna@example.org" },
    period: week,
    appUrl: "https://a3.example.org",
    unsubscribeUrl: "https://a3.example.org/unsubscribe/tok",
    settingsUrl: "https://a3.example.org/digest",
    noticeChanges: { byCountry: [], notable: [], watched: [] },
    followedNoticeChanges: [],
    cases: [],
    decisions: [],
    notifications: [],
    upcoming: [],
    quietWeek: "send",
    ...over,
  };
}

describe("ISO weeks", () => {
  it("knows the weeks around a year's end", () => {
    expect(weekOf(new Date("2026-11-26T10:00:00Z")).week).toBe("2026-W48");
    expect(weekOf(new Date("2021-01-03T10:00:00Z")).week).toBe("2020-W53");
    expect(weekOf(new Date("2024-12-30T00:00:00Z")).week).toBe("2025-W01");
    expect(week.start.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(week.end.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(previousWeek(new Date("2026-11-30T07:00:00Z")).week).toBe("2026-W48");
    expect(parseWeek("2025-W53")).toBeNull();
    expect(parseWeek("2026-W53")?.start.toISOString()).toBe("2026-12-28T00:00:00.000Z");
    expect(parseWeek("2020-W53")?.week).toBe("2020-W53");
    expect(parseWeek("2026-48")).toBeNull();
  });
});

describe("composeDigest", () => {
  it("a quiet week says so in one line, and is sent or skipped as the recipient chose", () => {
    const sent = composeDigest(input());
    expect(sent.quiet).toBe(true);
    expect(sent.send).toBe(true);
    expect(sent.subject).toBe("Article 3, week 48: a quiet week");
    expect(sent.sections).toEqual([]);
    expect(sent.text).toMatch(/A quiet week: nothing changed in what you follow between 23–29 November 2026\./);
    expect(composeDigest(input({ quietWeek: "skip" })).send).toBe(false);
  });

  it("puts followed notices first, then counts by country and the notable notices, cases, decisions, notifications and what is coming", () => {
    const d = composeDigest(
      input({
        followedNoticeChanges: [
          { entityId: "2021/1", name: "IVANOV, Sergey", kind: "changed", reasons: ["linked", "charges_changed"], countries: ["RU"], fields: ["charges"], caseReferences: ["A3-2021-0001"], url: "https://a3.example.org/notices/2021-1" },
        ],
        noticeChanges: {
          watched: ["RU"],
          byCountry: [{ country: "RU", added: 3, changed: 2, removed: 1, reappeared: 1 }],
          notable: [{ entityId: "2020/9", name: "PETROV, Ivan", kind: "reappeared", reasons: ["reappeared"], countries: ["RU"], fields: [], caseReferences: [], url: "https://a3.example.org/notices/2020-9" }],
        },
        cases: [{ reference: "A3-2026-0002", title: "A journalist in Spain", isNew: true, url: "https://a3.example.org/cases/A3-2026-0002" }],
        decisions: [{ citation: "Audiencia Nacional 12/2026", forum: "national_court", outcome: "extradition_refused", decidedOn: "2026-11-25", url: "https://a3.example.org/precedents/1" }],
        notifications: [{ title: "A linked notice changed", body: null, at: new Date("2026-11-24T00:00:00Z"), url: null }],
        upcoming: [{ date: "2026-12-03", kind: "hearing", caseReference: "A3-2026-0002", caseTitle: "A journalist in Spain", description: null, url: "https://a3.example.org/cases/A3-2026-0002" }],
        manifestHash: "sha256:abc123",
      }),
    );
    expect(d.quiet).toBe(false);
    expect(d.sections.map((s) => s.key)).toEqual(["followed", "notices", "cases", "decisions", "notifications", "upcoming"]);
    expect(d.subject).toBe("Article 3, week 48: 1 linked notice changed, 1 new case, 1 hearing or deadline");
    expect(d.text).toMatch(/Russia: 3 new, 2 changed, 1 removed, 1 reappeared/);
    expect(d.text).toMatch(/IVANOV, Sergey \(Russia\): changed \(linked to a case; charges changed; case A3-2021-0001\)/);
    expect(d.text).toMatch(/2026-12-03: Hearing, A3-2026-0002 A journalist in Spain/);
    expect(d.text).toMatch(/Latest sealed evidence manifest: sha256:abc123/);
    expect(d.html).toMatch(/sha256:abc123/);
    expect(d.html).toContain('href="https://a3.example.org/notices/2021-1"');
  });

  it("writes HTML without scripts or remote images, and a plain-text part that carries every link", () => {
    const d = composeDigest(
      input({ cases: [{ reference: "A3-2026-0003", title: "<script>alert(1)</script>", isNew: false, url: "https://a3.example.org/cases/A3-2026-0003" }] }),
    );
    expect(d.html).not.toMatch(/<script/i);
    expect(d.html).toContain("&lt;script&gt;");
    expect(d.html).not.toMatch(/<img/i);
    expect(d.html).not.toMatch(/<link /i);
    expect(d.html).toMatch(/style="/);
    for (const url of d.html.match(/href="([^"]+)"/g)!.map((m) => m.slice(6, -1))) expect(d.text).toContain(url.replace(/&amp;/g, "&"));
    expect(d.text).toContain("Unsubscribe: https://a3.example.org/unsubscribe/tok");
  });

  it("names at most 25 notable notices and counts the rest", () => {
    const notable = Array.from({ length: 30 }, (_, i) => ({
      entityId: `2020/${i}`, name: `N${i}`, kind: "removed" as const, reasons: ["removed" as const], countries: [], fields: [], caseReferences: [], url: `https://a3.example.org/notices/2020-${i}`,
    }));
    const d = composeDigest(input({ noticeChanges: { watched: [], byCountry: [{ country: "RU", added: 0, changed: 0, removed: 30, reappeared: 0 }], notable } }));
    const s = d.sections.find((x) => x.key === "notices")!;
    expect(s.items).toHaveLength(26);
    expect(s.items.at(-1)!.text).toBe("and 5 other notable notices");
  });

  it("tells an external recipient they receive public information, without a settings link", () => {
    const d = composeDigest(input({ recipient: { kind: "external", name: "Fund", email: "f@example.org" }, settingsUrl: null }));
    expect(d.text).toMatch(/public information from Article 3 as a partner/);
    expect(d.text).not.toMatch(/Change what it covers/);
  });
});
