// Every indicator rule on charge texts as real notices word them (long, multi-line, with the
// articles of the issuing state's code) in at least four languages each, the context rules, the
// threshold's guarantees, and the ordinary-charges fixture on which no political-offence rule fires.
import { describe, expect, it } from "vitest";
import { applyOverrides, CHARGE_RULE_KEYS, DEFAULT_RULES, FLAG_THRESHOLD, type RuleKey } from "../../lib/indicators/rules";
import { score, scoredHash, type ScoreContext } from "../../lib/indicators/score";
import { ORDINARY_CHARGES } from "../fixtures/ordinary-charges";

type Case = [issuer: string, charge: string];

/** Charge texts on which the rule must fire (and the notice be flagged unless noted in `UNFLAGGED_ALONE`). */
const POSITIVE: Record<Exclude<(typeof CHARGE_RULE_KEYS)[number], "financial_charges">, Case[]> = {
  extremism: [
    ["RU", "Публичные призывы к осуществлению экстремистской деятельности, совершенные с использованием\r\nинформационно-телекоммуникационных сетей, в том числе сети «Интернет» (ч. 2 ст. 280 УК РФ)"],
    ["BY", "Создание экстремистского формирования либо руководство экстремистским формированием (ч. 1 ст. 361.1 УК Республики Беларусь)"],
    ["KZ", "Участие в деятельности общественного объединения, в отношении которого имеется вступившее в законную силу решение суда о запрещении его деятельности в связи с осуществлением экстремизма (ч. 2 ст. 405 УК РК)"],
    ["TJ", "Организация экстремистского сообщества и участие в нём (ч. 2 ст. 307.2 УК Республики Таджикистан)"],
    ["RU", "Organizatsiya deyatelnosti ekstremistskoy organizatsii (ch. 1 st. 282.2 UK RF)"],
    ["CN", "宣扬恐怖主义、极端主义、煽动实施恐怖活动罪"],
    ["EG", "الترويج لأفكار متطرفة عبر مواقع التواصل الاجتماعي"],
    ["US", "Participation in an extremist community and financing of extremist activity"],
    ["FR", "Financement d'activités extrémistes"],
  ],
  incitement_hatred: [
    ["KZ", "Возбуждение социальной, национальной, родовой, расовой, сословной или религиозной розни,\nсовершенное публично или с использованием средств массовой информации (ч. 2 ст. 174 УК Республики Казахстан)"],
    ["RU", "Возбуждение ненависти либо вражды, а равно унижение человеческого достоинства (ч. 1 ст. 282 УК РФ)"],
    ["TR", "Halkı kin ve düşmanlığa alenen tahrik etmek (TCK 216/1)"],
    ["VE", "Incitación al odio (artículo 20 de la Ley Constitucional contra el Odio, por la Convivencia Pacífica y la Tolerancia)"],
    ["GB", "Inciting national and religious hatred through online publications"],
    ["FR", "Provocation publique à la haine ou à la violence en raison de l'origine"],
  ],
  separatism: [
    ["RU", "Публичные призывы к осуществлению действий, направленных на нарушение территориальной целостности Российской Федерации (ч. 2 ст. 280.1 УК РФ)"],
    ["CN", "煽动分裂国家罪（《中华人民共和国刑法》第一百零三条第二款）"],
    ["TR", "Devletin birliğini ve ülke bütünlüğünü bozmak (TCK 302)"],
    ["US", "Inciting separatism and splitting the state"],
    ["ES", "Delito de secesión y separatismo"],
    ["DZ", "Atteinte à l'intégrité du territoire national et à l'unité nationale (article 79 du Code pénal)"],
  ],
  terrorism_speech: [
    ["RU", "Публичные призывы к осуществлению террористической деятельности, публичное оправдание терроризма\nили пропаганда терроризма, совершенные с использованием сети «Интернет» (ч. 2 ст. 205.2 УК РФ)"],
    ["ES", "Enaltecimiento del terrorismo y humillación de las víctimas (artículo 578 del Código Penal)"],
    ["FR", "Apologie publique d'actes de terrorisme au moyen d'un service de communication en ligne"],
    ["TR", "Terör örgütünün propagandasını yapmak (3713 sayılı TMK m. 7/2)"],
    ["CN", "宣扬恐怖主义罪"],
    ["GB", "Justification of terrorism in publications on social networks"],
  ],
  terrorism_membership: [
    ["TR", "Silahlı terör örgütüne üye olmak (5237 sayılı TCK'nın 314/2. maddesi)"],
    ["RU", "Участие в деятельности организации, которая в соответствии с законодательством Российской Федерации признана террористической (ч. 2 ст. 205.5 УК РФ)"],
    ["EG", "الانتماء إلى جماعة إرهابية"],
    ["ES", "Integración en organización terrorista"],
    ["US", "Membership of an armed terrorist organization"],
  ],
  mass_riots: [
    ["RU", "Участие в массовых беспорядках, сопровождавшихся насилием, погромами, поджогами\n(ч. 2 ст. 212 УК РФ)"],
    ["BY", "Участие в массовых беспорядках (ч. 2 ст. 293 УК Республики Беларусь)"],
    ["KZ", "Организация массовых беспорядков (ч. 1 ст. 272 УК РК)"],
    ["CN", "聚众扰乱社会秩序罪"],
    ["CU", "Desórdenes públicos y atentado"],
    ["US", "Organisation of and participation in mass riots"],
    ["EG", "التجمهر وإثارة الشغب وتعطيل المواصلات"],
  ],
  unauthorised_assembly: [
    ["BY", "Организация и подготовка действий, грубо нарушающих общественный порядок, либо активное участие в них\n(ч. 1 ст. 342 УК Республики Беларусь)"],
    ["RU", "Неоднократное нарушение установленного порядка организации либо проведения собрания, митинга, демонстрации, шествия или пикетирования (ст. 212.1 УК РФ)"],
    ["TR", "2911 sayılı Toplantı ve Gösteri Yürüyüşleri Kanununa muhalefet"],
    ["EG", "التظاهر دون إخطار والتجمهر"],
    ["CN", "非法集会、游行、示威罪"],
    ["DZ", "Incitation à attroupement non armé (article 100 du Code pénal)"],
    ["US", "Organising an unauthorised rally and repeated violation of the rules on public events"],
  ],
  insulting_officials: [
    ["TR", "Cumhurbaşkanına hakaret etmek (5237 sayılı TCK'nın 299/1. maddesi), sosyal medya paylaşımları"],
    ["BY", "Оскорбление Президента Республики Беларусь (ч. 1 ст. 368 УК Республики Беларусь)"],
    ["RU", "Публичное оскорбление представителя власти при исполнении им своих должностных обязанностей (ст. 319 УК РФ)"],
    ["CU", "Desacato y propaganda enemiga"],
    ["MA", "Offense au chef de l'État et outrage aux institutions constitutionnelles"],
    ["SA", "إهانة رئيس الدولة والعيب في الذات الملكية"],
    ["TH", "Lese majeste (Section 112 of the Criminal Code)"],
  ],
  religious_expression: [
    ["RU", "Публичные действия, выражающие явное неуважение к обществу и совершенные в целях оскорбления религиозных чувств верующих (ч. 1 ст. 148 УК РФ)"],
    ["EG", "ازدراء الأديان (المادة 98 و من قانون العقوبات)"],
    ["CN", "组织、利用邪教组织破坏法律实施罪（刑法第三百条）"],
    ["PK", "Blasphemy under Section 295-C of the Pakistan Penal Code"],
    ["ES", "Delito de ofensa a los sentimientos religiosos y blasfemia"],
  ],
  false_information: [
    ["RU", "Публичное распространение под видом достоверных сообщений заведомо ложной информации,\nсодержащей данные об использовании Вооруженных Сил Российской Федерации (п. «д» ч. 2 ст. 207.3 УК РФ)"],
    ["RU", "Публичные действия, направленные на дискредитацию использования Вооруженных Сил Российской Федерации (ч. 1 ст. 280.3 УК РФ)"],
    ["KZ", "Распространение заведомо ложной информации (ч. 2 ст. 274 УК РК)"],
    ["TR", "Halkı yanıltıcı bilgiyi alenen yayma (TCK 217/A)"],
    ["EG", "نشر أخبار وبيانات كاذبة من شأنها تكدير الأمن العام"],
    ["NI", "Propagación de noticias falsas a través de las tecnologías de la información (Ley Especial de Ciberdelitos)"],
    ["CN", "编造、故意传播虚假信息罪"],
    ["US", "Public dissemination of knowingly false information about the armed forces"],
    ["CM", "Propagation de fausses nouvelles"],
  ],
  treason_espionage: [
    ["RU", "Государственная измена, совершенная в форме оказания финансовой помощи иностранному государству\n(ст. 275 УК РФ)"],
    ["BY", "Измена государству (ч. 1 ст. 356 УК Республики Беларусь)"],
    ["CN", "为境外窃取、刺探、收买、非法提供国家秘密罪（《中华人民共和国刑法》第一百一十一条）"],
    ["NI", "Traición a la patria y menoscabo a la soberanía"],
    ["EG", "التخابر مع جهات أجنبية"],
    ["IR", "Espionage for hostile foreign states"],
  ],
  subversion: [
    ["CN", "煽动颠覆国家政权罪（《中华人民共和国刑法》第一百零五条第二款）"],
    ["TJ", "Публичные призывы к насильственному изменению конституционного строя Республики Таджикистан (ч. 2 ст. 307 УК РТ)"],
    ["TR", "Anayasal düzeni ihlal etmeye teşebbüs (TCK 309)"],
    ["VE", "Conspiración contra la forma republicana de gobierno y traición a la patria"],
    ["BH", "قلب نظام الحكم بالقوة"],
    ["RW", "Atteinte à la sûreté de l'État et complot contre l'autorité établie"],
    ["US", "Inciting subversion of state power"],
  ],
  picking_quarrels: [
    ["CN", "寻衅滋事罪（《中华人民共和国刑法》第二百九十三条）"],
    ["CN", "尋釁滋事罪"],
    ["CN", "Picking quarrels and provoking trouble (Article 293 of the Criminal Law of the PRC)"],
    ["HK", "Picking quarrels and provoking trouble, as charged by the Shenzhen Public Security Bureau"],
  ],
  undesirable_organisations: [
    ["RU", "Осуществление деятельности иностранной или международной неправительственной организации,\nв отношении которой принято решение о признании нежелательной на территории Российской Федерации (ч. 2 ст. 284.1 УК РФ)"],
    ["RU", "Злостное уклонение от исполнения обязанностей, определенных законодательством об иностранных агентах (ст. 330.1 УК РФ)"],
    ["KZ", "Участие в деятельности запрещенной организации «Демократический выбор Казахстана»"],
    ["NI", "Incumplimiento de la Ley de Regulación de Agentes Extranjeros"],
    ["US", "Participation in an undesirable organisation"],
    ["EG", "الانضمام إلى جماعة محظورة"],
    ["EG", "الانضمام إلى جماعة أسست على خلاف أحكام القانون"],
  ],
};

/** Rules weighted below the threshold on purpose: they flag with the issuer's record or another reason. */
const UNFLAGGED_ALONE: RuleKey[] = ["treason_espionage", "terrorism_membership"];

const keys = (issuer: string, charge: string, context: ScoreContext = {}) =>
  score({ warrants: [{ issuer, charge }] }, context).reasons.map((r) => r.key);

describe("indicator rules: political offences, as charges word them", () => {
  for (const [rule, cases] of Object.entries(POSITIVE)) {
    it(`${rule} fires in ${new Set(cases.map(([i]) => i)).size}+ states' wording`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(4);
      for (const [issuer, charge] of cases) {
        const result = score({ warrants: [{ issuer, charge }] });
        const reason = result.reasons.find((r) => r.key === rule);
        expect(reason, `${rule} on ${issuer}: ${charge}`).toBeDefined();
        // The reason says which words fired, as written in the charge.
        expect(reason!.matched.length).toBeGreaterThan(0);
        for (const m of reason!.matched) expect(charge.replace(/\s+/g, " ")).toContain(m);
        if (!UNFLAGGED_ALONE.includes(rule as RuleKey)) expect(result.flagged, `${issuer}: ${charge}`).toBe(true);
      }
    });
  }

  it("treason flags with the issuer's record, not alone; \u201cterrorist\u201d membership is weak, except Türkiye's 314 wording", () => {
    expect(score({ warrants: [{ issuer: "UA", charge: "High treason committed under martial law" }] }).flagged).toBe(false);
    expect(score({ warrants: [{ issuer: "RU", charge: "Государственная измена" }] }).flagged).toBe(true);
    expect(score({ warrants: [{ issuer: "FR", charge: "Participation à une association de malfaiteurs en relation avec une entreprise terroriste" }] }).flagged).toBe(false);
    expect(score({ warrants: [{ issuer: "RU", charge: "Участие в деятельности террористической организации (ч. 2 ст. 205.5 УК РФ)" }] }).flagged).toBe(false);
    expect(score({ warrants: [{ issuer: "EG", charge: "الانتماء إلى جماعة إرهابية" }] }).flagged).toBe(false);
    const tr = score({ warrants: [{ issuer: "TR", charge: "Silahlı terör örgütüne üye olmak" }] });
    expect(tr.flagged).toBe(true);
    expect(tr.reasons.find((r) => r.key === "code_article")?.matched.join()).toMatch(/TR 314/);
    // The same words from another state are not Türkiye's article.
    expect(keys("AZ", "Silahlı terör örgütüne üye olmak")).not.toContain("code_article");
  });
});

describe("indicator rules: code articles", () => {
  it("reads an article with its code, and the issuer's code when the text names none", () => {
    expect(keys("RU", "ст. 282.1 УК РФ")).toContain("code_article");
    expect(keys("RU", "Статья 207.3 Уголовного кодекса Российской Федерации")).toContain("code_article");
    expect(keys("TR", "TCK 314/2")).toContain("code_article");
    expect(keys("TR", "Art. 299 of the Turkish Penal Code")).toContain("code_article");
    expect(keys("CN", "刑法第105条")).toContain("code_article");
    expect(keys("BY", "по ч. 1 ст. 342 и ч. 1 ст. 361 УК")).toContain("code_article");
    expect(keys("RU", "чч. 1, 2 ст. 282.2 и ст. 282.3 УК РФ")).toContain("code_article");
    // A warrant from Kazakhstan citing Russia's code is read as Russia's.
    expect(keys("KZ", "ч. 2 ст. 280 УК РФ")).toContain("code_article");
  });

  it("does not confuse one state's article with another's", () => {
    // 105 is murder in Russia's code and subversion in China's; 293 is mass riots in Belarus's only.
    expect(keys("RU", "Убийство (ч. 1 ст. 105 УК РФ)")).not.toContain("code_article");
    expect(keys("KZ", "Хулиганство (ч. 2 ст. 293 УК РК)")).not.toContain("code_article");
    expect(keys("BY", "ст. 293 УК Республики Беларусь")).toContain("code_article");
    expect(keys("CN", "故意杀人罪（刑法第二百三十二条）")).not.toContain("code_article");
    // 282 is not 282.1; 174.1 (laundering in Russia) is not Kazakhstan's 174.
    expect(keys("RU", "ст. 174.1 УК РФ")).not.toContain("code_article");
    expect(keys("IN", "Section 302 IPC")).not.toContain("code_article");
  });
});

describe("indicator rules: context", () => {
  it("the issuing state's record and its cases raise the score but never flag alone", () => {
    const base = score({ warrants: [{ issuer: "RU", charge: "Кража (ч. 3 ст. 158 УК РФ)" }] }, { issuerCases: { RU: { total: 10, political: 8 } } });
    expect(base.reasons.map((r) => r.key).sort()).toEqual(["issuer_cases", "issuer_record"]);
    expect(base.score).toBeGreaterThan(0);
    expect(base.flagged).toBe(false);
  });

  it("counts the issuer's cases only when there are enough and most allege a motive", () => {
    expect(keys("AR", "Robo", { issuerCases: { AR: { total: 2, political: 2 } } })).not.toContain("issuer_cases");
    expect(keys("AR", "Robo", { issuerCases: { AR: { total: 10, political: 3 } } })).not.toContain("issuer_cases");
    expect(keys("AR", "Robo", { issuerCases: { AR: { total: 4, political: 3 } } })).toContain("issuer_cases");
  });

  it("financial charges from known states are a weak signal, never enough alone", () => {
    const r = score({ warrants: [{ issuer: "KZ", charge: "Присвоение или растрата вверенного чужого имущества в особо крупном размере (ч. 4 ст. 189 УК РК)" }] }, {
      issuerCases: { KZ: { total: 5, political: 5 } },
      chargesChanged: true,
    });
    expect(r.reasons.map((x) => x.key)).toContain("financial_charges");
    expect(r.flagged).toBe(false);
    // From a state not known for it, the same words say nothing.
    expect(keys("DE", "Veruntreuung und Betrug; embezzlement")).not.toContain("financial_charges");
  });

  it("a reappearance, changed charges and a linked refugee case are reasons", () => {
    expect(keys("AR", "Robo", { reappeared: true })).toContain("reappeared");
    expect(keys("AR", "Robo", { chargesChanged: true })).toContain("charges_changed");
    const linked = score({ warrants: [{ issuer: "AR", charge: "Robo" }] }, { linkedProtection: ["refugee_recognised"] });
    expect(linked.reasons.map((r) => r.key)).toContain("linked_protection");
    expect(linked.flagged).toBe(true);
    expect(keys("AR", "Robo", { linkedProtection: ["none", "citizen_of_host"] })).not.toContain("linked_protection");
    // A reappearance plus the issuer's record reaches the threshold.
    expect(score({ warrants: [{ issuer: "TJ", charge: "Кража" }] }, { reappeared: true }).flagged).toBe(true);
  });

  it("caps the score, and the threshold is the one declared", () => {
    const r = score(
      { warrants: [{ issuer: "RU", charge: "Экстремизм, массовые беспорядки, фейки (ст. 280, 212, 207.3 УК РФ)" }] },
      { reappeared: true },
    );
    expect(r.score).toBe(100);
    expect(DEFAULT_RULES.threshold).toBe(FLAG_THRESHOLD);
  });

  it("reads every warrant and its translation", () => {
    const r = score({
      warrants: [
        { issuer: "FR", charge: "Meurtre" },
        { issuer: "AZ", charge: "Cinayət", chargeTranslation: "Mass riots and calls for the overthrow of the government" },
      ],
    });
    expect(r.reasons.map((x) => x.key)).toEqual(expect.arrayContaining(["mass_riots", "subversion"]));
  });
});

describe("indicator rules: administrators' versions", () => {
  it("applies weights, extra keywords and switched-off rules as a new version", () => {
    const rules = applyOverrides(DEFAULT_RULES, { weights: { picking_quarrels: 10 }, extraTerms: { extremism: ["радикальн* ислам*"] }, disabled: ["code_article"] }, 3);
    expect(rules.version).toBe(`${DEFAULT_RULES.version}+3`);
    const quarrel = score({ warrants: [{ issuer: "CN", charge: "寻衅滋事罪 第293条" }] }, {}, rules);
    expect(quarrel.reasons.find((r) => r.key === "picking_quarrels")!.weight).toBe(10);
    expect(quarrel.reasons.map((r) => r.key)).not.toContain("code_article");
    expect(score({ warrants: [{ issuer: "UZ", charge: "Участие в радикальном исламском движении" }] }, {}, rules).reasons.map((r) => r.key)).toContain("extremism");
  });
});

describe("ordinary criminal charges", () => {
  const political = new Set<string>([...DEFAULT_RULES.charge.filter((r) => r.family === "political_offence").map((r) => r.key), "code_article"]);

  it(`no political-offence rule fires on any of the ${ORDINARY_CHARGES.length} ordinary charges, and none is flagged`, () => {
    expect(ORDINARY_CHARGES.length).toBeGreaterThanOrEqual(200);
    const fired: string[] = [];
    for (const { issuer, charge } of ORDINARY_CHARGES) {
      // The worst case for an ordinary crime: the issuer has a record and most of its cases allege a motive.
      const r = score({ warrants: [{ issuer, charge }] }, { issuerCases: { [issuer]: { total: 20, political: 19 } }, chargesChanged: true });
      const bad = r.reasons.filter((x) => political.has(x.key));
      if (bad.length || r.flagged) fired.push(`${issuer}: ${charge} → ${bad.map((b) => `${b.key} [${b.matched.join(", ")}]`).join("; ")}`);
    }
    expect(fired).toEqual([]);
  });
});

describe("scoredHash", () => {
  it("changes with the charges and issuers, not otherwise", () => {
    const a = scoredHash({ warrants: [{ issuer: "RU", charge: "A" }] });
    expect(scoredHash({ warrants: [{ issuer: "RU", charge: "A" }] })).toBe(a);
    expect(scoredHash({ warrants: [{ issuer: "RU", charge: "B" }] })).not.toBe(a);
    expect(scoredHash({ warrants: [{ issuer: "BY", charge: "A" }] })).not.toBe(a);
  });
});
