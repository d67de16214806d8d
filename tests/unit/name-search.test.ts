// The one fold that names are stored and searched with (lib/name-search.ts).
import { describe, expect, it } from "vitest";
import { foldName, nameQuery, nameSearchKeys, wordSkeleton } from "../../lib/name-search";

describe("foldName: any script to upper-case ASCII words", () => {
  it.each([
    ["Петров", "PETROV"],
    ["Сергей", "SERGEY"],
    ["Александр Жуков", "ALEKSANDR ZHUKOV"],
    ["Хабибуллин", "KHABIBULLIN"],
    ["Олександр Коваленко", "OLEKSANDR KOVALENKO"], // Ukrainian
    ["Аляксандр Лукашэнка", "ALYAKSANDR LUKASHENKA"], // Belarusian
    ["Нұрсұлтан", "NURSULTAN"], // Kazakh
    ["Doğan Akhanlı", "DOGAN AKHANLI"],
    ["Özerdem", "OZERDEM"],
    ["O'Brien", "OBRIEN"],
    ["Jean-Pierre", "JEAN PIERRE"],
    ["Iva\u200Bnov", "IVANOV"], // zero-width space
    ["\u202EvonavI", "VONAVI"], // a bidi override is dropped, not obeyed
    ["%_%", ""],
  ])("%s → %s", (input, folded) => expect(foldName(input)).toBe(folded));

  it("Arabic and Chinese come out as Latin letters", () => {
    expect(foldName("محمد")).toMatch(/^[A-Z]+$/);
    expect(foldName("毛泽东")).toBe("MAOZEDONG");
  });
});

describe("wordSkeleton: spelling variants share one", () => {
  const groups = [
    ["SERGEY", "SERGEI", "SERGUEI"],
    ["ALEKSANDR", "ALEXANDER", "OLEKSANDR", "ALIAKSANDR"],
    ["YURI", "YURY", "IURII", "YURIY"],
    ["MOHAMMED", "MUHAMMAD", "MOHAMAD", "MOHAMMAD"],
    ["DMITRY", "DMITRII", "DMITRIY"],
    ["ZHUKOV", "JUKOV", "JOUKOV"],
    ["KHABIBULLIN", "HABIBULLIN"],
    ["SHCHUKIN", "SCHUKIN"],
    ["IVANOV", "IWANOW", "IVANOFF"],
  ];
  it.each(groups)("%s and its variants", (...names) => {
    expect(new Set(names.map(wordSkeleton)).size).toBe(1);
  });
  it("different names keep different skeletons", () => {
    expect(wordSkeleton("IVANOV")).not.toBe(wordSkeleton("PETROV"));
    expect(wordSkeleton("SERGEY")).not.toBe(wordSkeleton("SERGEYEV"));
  });
});

describe("stored keys and query keys agree", () => {
  it("a Cyrillic query and a Latin stored name meet, in either word order", () => {
    const stored = nameSearchKeys("IVANOV", "SERGEY");
    expect(stored).toMatchObject({ searchName: "IVANOV SERGEY", nameWords: ["IVANOV", "SERGEY"], surnameWords: ["IVANOV"] });
    const q = nameQuery("Сергей Иванов");
    expect(new Set(q.words)).toEqual(new Set(stored.nameWords));
    expect(new Set(nameQuery("Sergei Ivanov").skeleton)).toEqual(new Set(stored.nameSkeleton));
  });
  it("a name split differently still meets by its compact skeleton", () => {
    expect(nameQuery("毛泽东").compact).toContain(nameSearchKeys("MAO", "ZEDONG").nameCompact);
  });
  it("a name stored in Cyrillic gets Latin keys", () => {
    expect(nameSearchKeys("ЖУКОВ", "АЛЕКСАНДР").nameWords).toEqual(["ZHUKOV", "ALEKSANDR"]);
  });
  it("short words do not match by skeleton alone", () => {
    expect(nameQuery("I V").strongSkeleton).toEqual([]);
  });
});
