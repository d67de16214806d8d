import { describe, expect, it } from "vitest";
import { parseDecisionCsv } from "../../lib/decision-csv";
import { markedParts, MARK_END, MARK_START, minimumMatched, neutralCitation, oscolaCitation, parseQuery, partialDate, phrasePairs, vocabularyMatches, withoutPositions } from "../../lib/precedent-search";

describe("what a lawyer types", () => {
  it("splits words, phrases and exclusions", () => {
    expect(parseQuery('torture "diplomatic assurances" -Chechen -"death row" and, (Russia)')).toEqual({
      terms: [
        { text: "torture", phrase: false },
        { text: "diplomatic assurances", phrase: true },
        { text: "Russia", phrase: false },
      ],
      exclusions: [
        { text: "Chechen", phrase: false },
        { text: "death row", phrase: true },
      ],
    });
    expect(parseQuery('"unclosed phrase').terms).toEqual([{ text: "unclosed phrase", phrase: true }]);
    expect(parseQuery("   ").terms).toEqual([]);
  });

  it("asks for all of one or two words, half of more", () => {
    expect([1, 2, 3, 4, 5].map(minimumMatched)).toEqual([1, 1, 2, 2, 3]);
  });

  it("names grounds, outcomes and states from labels and country names", () => {
    const m = vocabularyMatches(parseQuery("China political motivation extradition refused"));
    expect(m.grounds).toContain("political_character");
    expect(m.outcomes).toContain("extradition_refused");
    expect(m.countries).toEqual(["CN"]);
    expect(vocabularyMatches(parseQuery("Russian torture")).countries).toEqual(["RU"]);
    expect(vocabularyMatches(parseQuery("Türkiye")).countries).toEqual(["TR"]);
    // "to" and "in" are words, not Tonga and India.
    expect(vocabularyMatches(parseQuery("extradition to Russia in absentia")).countries).toEqual(["RU"]);
  });
});

describe("dates, citations, highlights", () => {
  it("reads partial dates", () => {
    expect(partialDate("2021")).toMatchObject({ precision: "year", sort: "2021-01-01" });
    expect(partialDate("2021-07")).toMatchObject({ precision: "month", sort: "2021-07-01" });
    expect(partialDate("2021-02-30")).toBeNull();
  });
  it("cites neutrally and in OSCOLA", () => {
    const d = { citation: "Soering v. the United Kingdom, no. 14038/88", body: "European Court of Human Rights", decidedOn: "1989-07-07" };
    expect(neutralCitation(d)).toBe("Soering v. the United Kingdom, no. 14038/88, European Court of Human Rights, 7 July 1989");
    expect(oscolaCitation(d)).toBe("Soering v. the United Kingdom, no. 14038/88 (European Court of Human Rights, 7 July 1989)");
  });
  it("splits highlighted text without HTML", () => {
    expect(markedParts(`a ${MARK_START}<b>${MARK_END} c`)).toEqual([
      { text: "a ", marked: false },
      { text: "<b>", marked: true },
      { text: " c", marked: false },
    ]);
  });
  it("validates a file with an error per row and column", () => {
    const r = parseDecisionCsv("citation,forum,outcome,requesting_country,visibility\nA,ccf,notice_deleted,Russia,\nB,ccf,notice_deleted,Narnia,secret\n");
    expect(r.decisions.map((d) => [d.input.requestingCountry, d.input.visibility])).toEqual([["RU", "internal"]]);
    expect(r.errors.map((e) => e.column)).toEqual(["requesting_country", "visibility"]);
  });
});

describe("phrases without positions (decision_search's pairs)", () => {
  it("answers a two-word phrase exactly by its adjacent pair", () => {
    expect(phrasePairs("'diplomat' <-> 'assur'")).toEqual({ pairs: "'diplomat 1 assur'", exact: true });
  });
  it("narrows longer phrases and gaps by their pairs, leaving the positions to check", () => {
    expect(phrasePairs("'ill-treat' <-> 'ill' <-> 'treatment'")).toEqual({ pairs: "'ill-treat 1 ill' & 'ill 1 treatment'", exact: false });
    expect(phrasePairs("'right' <3> 'fair' <-> 'trial'")).toEqual({ pairs: "'fair 1 trial'", exact: false });
    expect(phrasePairs("'burden' <3> 'proof'")).toBeNull();
    expect(phrasePairs("'torture'")).toBeNull();
    expect(phrasePairs("'a' & 'b'")).toBeNull();
  });
  it("keeps quotes and backslashes inside lexemes", () => {
    expect(phrasePairs("'l''etat' <-> 'requer'")).toEqual({ pairs: "'l''etat 1 requer'", exact: true });
    expect(withoutPositions("'a\\\\b' <-> 'c'")).toBe("'a\\\\b' & 'c'");
  });
  it("makes phrase operators conjunctions for a text without positions", () => {
    expect(withoutPositions("'it' <-> 's' & 'a' <2> 'b'")).toBe("'it' & 's' & 'a' & 'b'");
    expect(withoutPositions("( 'tortur' ) | ( 'torture' )")).toBe("( 'tortur' ) | ( 'torture' )");
  });
});
