// The matcher behind the indicator rules: case, accents, Cyrillic/Latin transliteration, word
// forms, line breaks and hyphenation, Arabic and Chinese, and code articles.
import { describe, expect, it } from "vitest";
import { articleMentions, chineseNumber, compilePattern, matchPattern, prepare } from "../../lib/indicators/match";

const finds = (pattern: string, text: string) => matchPattern(prepare(text), compilePattern(pattern)!);

describe("indicator matching", () => {
  it("survives case, accents and the Turkish i", () => {
    expect(finds("séparatisme", "SEPARATISME")).toEqual(["SEPARATISME"]);
    expect(finds("cumhurbaşkanına hakaret*", "CUMHURBAŞKANINA HAKARET ETMEK")).toHaveLength(1);
    expect(finds("cumhurbaşkanına hakaret*", "Cumhurbaskanina hakaret")).toHaveLength(1);
    expect(finds("İsyan*", "isyana tahrik")).toHaveLength(1);
  });

  it("matches Cyrillic rules on Latin transliterations, in several systems", () => {
    for (const text of ["ekstremistskoy", "ekstremistskoj", "extremistskoi", "EKSTREMISTSKOI"]) expect(finds("экстремистск*", text), text).toHaveLength(1);
    expect(finds("массов* беспорядк*", "uchastie v massovykh besporyadkakh")).toHaveLength(1);
    expect(finds("массов* беспорядк*", "massovyh besporjadkah")).toHaveLength(1);
  });

  it("finds word forms by stem, and phrases with words between", () => {
    for (const text of ["массовые беспорядки", "массовых беспорядках", "организация массовых беспорядков", "Участие в массовых\r\nбеспорядках"]) {
      expect(finds("массов* беспорядк*", text), text).toHaveLength(1);
    }
    expect(finds("массов* беспорядк*", "массовое убийство; беспорядочная стрельба из окна дома")).toHaveLength(0);
    // A whole word without `*`: "riots" is not "riotous".
    expect(finds("riots", "riotous assembly")).toHaveLength(0);
  });

  it("joins a word hyphenated across a line break", () => {
    expect(finds("экстремистск*", "деятельности экстре-\nмистской организации")).toHaveLength(1);
  });

  it("matches Arabic inside words and Chinese inside runs", () => {
    expect(finds("التطرف", "والتطرف")).toHaveLength(1);
    expect(finds("اخبار كاذبه", "نشر أخبار كاذبة")).toHaveLength(1); // hamza and ta marbuta folded
    expect(finds("颠覆国家政权", "煽动颠覆国家政权罪")).toHaveLength(1);
  });

  it("quotes what matched as written", () => {
    expect(finds("массов* беспорядк*", "Участие в Массовых беспорядках (ч. 2 ст. 212)")).toEqual(["Массовых беспорядках"]);
  });
});

describe("code articles", () => {
  it("reads the article words of each language, with the code named after them", () => {
    const got = (t: string) => articleMentions(t).map((m) => `${m.code ?? "?"} ${m.article}`);
    expect(got("ч. 2 ст. 280 УК РФ")).toEqual(["RU 280"]);
    expect(got("статья 282.1 Уголовного кодекса Российской Федерации")).toEqual(["RU 282.1"]);
    expect(got("ст.ст. 280, 282.1 и 282.2 УК РФ")).toEqual(["RU 280", "RU 282.1", "RU 282.2"]);
    expect(got("ч. 1 ст. 342 УК Республики Беларусь")).toEqual(["BY 342"]);
    expect(got("art. 299 TCK")).toContain("TR 299");
    expect(got("5237 sayılı TCK'nın 314/2. maddesi")).toContain("TR 314");
    expect(got("第105条")).toEqual(["CN 105"]);
    expect(got("刑法第一百零五条")).toEqual(["CN 105"]);
    expect(got("第一百二十条之三")).toEqual(["CN 120.3"]);
    expect(got("Article 293 of the Criminal Law of the People's Republic of China")).toEqual(["CN 293"]);
    expect(got("(ch. 1 st. 207.3 UK RF)")).toEqual(["RU 207.3"]);
    expect(got("артыкул 342 КК")).toEqual(["? 342"]);
  });

  it("reads Chinese numerals", () => {
    expect(chineseNumber("一百零五")).toBe(105);
    expect(chineseNumber("二百九十三")).toBe(293);
    expect(chineseNumber("十")).toBe(10);
    expect(chineseNumber("三百")).toBe(300);
    expect(chineseNumber("x")).toBeNull();
  });
});
