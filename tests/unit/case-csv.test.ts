import { describe, expect, it } from "vitest";
import { parseCaseCsv, partialDate, rowErrorText, yearRange } from "../../lib/case-csv";
import { caseFtm } from "../../db/queries/case-export";

describe("cases CSV", () => {
  it("reads partial dates and year ranges", () => {
    expect(partialDate("2021-07")).toEqual({ value: "2021-07", precision: "month", sort: "2021-07-01" });
    expect(partialDate("2021-02-30")).toBeNull();
    expect(yearRange("2020-2021")).toEqual({ yearFrom: 2020, yearTo: 2021 });
    expect(yearRange("about then")).toEqual({ yearFrom: null, yearTo: null });
  });

  it("names the row and the column of each problem, and keeps no rows when there is one", () => {
    const csv = [
      "key,subject,motives,requesting_country,visibility,notice_ids,decision_forum,decision_outcome,decision_date",
      "a,A,political_opposition,CN,public,2021/1,ccf,notice_deleted,2021",
      "b,B (pseudonym),politcal_opposition,XX,secret,nope,ccf,notice_deleted,2021-13",
      "a,,,,,,,,",
    ].join("\n");
    const { rows, errors } = parseCaseCsv(csv);
    expect(rows).toEqual([]);
    expect(errors.map(rowErrorText).sort()).toEqual([
      'row 2, column motives: "politcal_opposition" is not a motive',
      'row 2, column requesting_country: "XX" is not a country code (use two letters, e.g. FR)',
      'row 2, column decision_date: "2021-13" is not a date (2021, 2021-07 or 2021-07-15)',
      'row 2, column visibility: "secret" is not a visibility (public, internal or restricted)',
      'row 2, column notice_ids: "nope" is not a notice entity id (e.g. 2021/75051)',
      'row 3, column key: "a" is already used by row 1',
      "row 3, column subject: a subject is required (a name or a pseudonym)",
    ].sort());
  });

  it("reads a pseudonym and defaults visibility to internal", () => {
    const { rows } = parseCaseCsv("key,subject\nh,H (pseudonym)\n");
    expect(rows[0]).toMatchObject({ subjectName: "H", subjectIsPseudonym: true, visibility: "internal", legalName: undefined });
  });

  it("FollowTheMoney entities carry no topics", () => {
    const out = caseFtm(
      { reference: "A3-2020-0001", subjectName: "H", subjectIsPseudonym: true, nationalities: ["SG"], hostCountries: ["FR"], subjectRole: "businessman", requestingCountry: "CN", chargesAlleged: "Fraud", alertStatus: "deleted_by_ccf", summary: null } as never,
      "http://a3.example",
    );
    expect(out.map((e) => e.schema)).toEqual(["Person", "Sanction"]);
    expect(JSON.stringify(out)).not.toContain("topics");
  });
});
