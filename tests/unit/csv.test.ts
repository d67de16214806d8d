import { describe, expect, it } from "vitest";
import { csvRecord, neutraliseFormula, parseCsv, splitList, toCsv } from "../../lib/csv";

describe("CSV", () => {
  it("quotes every cell and neutralises formulas at the start of any piece a spreadsheet could split out", () => {
    const line = csvRecord(["Fraud;=cmd|' /C calc'!A0;", "+1", "ok", "a, @SUM(1)", "-2\tx"]);
    expect(line).toBe(`"Fraud;'=cmd|' /C calc'!A0;","'+1","ok","a, '@SUM(1)","'-2\tx"\r\n`);
    // Every piece split on ; , or tab starts with something other than a formula character.
    const cells = line.split(/[;,\t]/).map((c) => c.replace(/^\s*"?/, ""));
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@]/);
  });

  it("reads back exactly what it wrote, lists, quotes, newlines and formulas included", () => {
    const rows = [
      ["k1", 'He said "no"\r\nthen left', "a;b;=c", "-5"],
      ["k2", "", "Ünïcødé, 中文", "@x"],
    ];
    const text = toCsv(["key", "text", "list", "n"], rows);
    const parsed = parseCsv(text);
    expect(parsed.columns).toEqual(["key", "text", "list", "n"]);
    expect(parsed.rows.map((r) => Object.values(r.values))).toEqual(rows);
    expect(parsed.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(splitList(parsed.rows[0]!.values.list)).toEqual(["a", "b", "=c"]);
  });

  it("names the line of a malformed file", () => {
    expect(() => parseCsv('a,b\n1,"unterminated\n')).toThrow(/not valid CSV/);
    expect(() => parseCsv("a,b\n1,2,3\n")).toThrow(/Line 2: 3 cells but the header has 2/);
    expect(() => parseCsv("")).toThrow(/empty/);
  });

  it("leaves ordinary text alone", () => {
    expect(neutraliseFormula("Art. 282 of the Criminal Code")).toBe("Art. 282 of the Criminal Code");
  });
});
