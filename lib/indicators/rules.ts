// The indicator rules: which charges and facts make a public red notice worth a second look, as
// typed data. lib/indicators/score.ts applies them (a pure function); an administrator may change
// weights, add keywords, switch a rule off or change the lists of states (a new version, stored in
// indicator_rule_sets, merged over these defaults by `applyOverrides`). Bump RULES_VERSION when
// the defaults change: every notice is then rescored (jobs/tasks/score-notices.ts).
//
// Keyword syntax (lib/indicators/match.ts): words separated by spaces, `*` for any ending, at most
// DEFAULT_GAP words between the words of a phrase. Case, accents and Cyrillic/Latin spelling do
// not matter. Arabic and Chinese keywords match inside words.
//
// Where the rules come from: Interpol's Constitution, Art. 3, and its Repository of Practice on
// Art. 3 (2013: offences of opinion, of assembly, against the state's security when political);
// PACE Resolution 2161 (2017) "Abusive recourse to the Interpol system"; Fair Trials, "Dismantling
// the tools of oppression" (2018); Freedom House, "Out of Sight, Not Out of Reach" (2021) and its
// transnational repression updates; Memorial / OVD-Info's lists of the articles of Russia's
// Criminal Code used against dissent (2022-2024); Viasna's counts of Belarus's 2020-2024
// prosecutions; Human Rights Watch and Amnesty reports on Türkiye (TCK 299, 314), China (CL 105,
// 293, 300), Egypt (false news, "joining a group founded against the law"), Nicaragua and
// Venezuela (treason, hate and "fake news" laws); Safeguard Defenders, "Involuntary Returns" (2022).

/** Bump when anything below changes: notices scored with another version are rescored. */
export const RULES_VERSION = "2026-12-01.2";

/**
 * The score at which a notice is flagged and enters the review queue. Declared once; a notice
 * also needs at least one reason that is not weak (see `weak` below), so that the issuing
 * state's record or a financial charge alone never flags.
 */
export const FLAG_THRESHOLD = 50;
/** Scores are capped here: a notice with many reasons is not "more than certain". */
export const MAX_SCORE = 100;

export const CHARGE_RULE_KEYS = [
  "extremism",
  "incitement_hatred",
  "separatism",
  "terrorism_speech",
  "terrorism_membership",
  "mass_riots",
  "unauthorised_assembly",
  "insulting_officials",
  "religious_expression",
  "false_information",
  "treason_espionage",
  "subversion",
  "picking_quarrels",
  "undesirable_organisations",
  "financial_charges",
] as const;
export type ChargeRuleKey = (typeof CHARGE_RULE_KEYS)[number];

export const CONTEXT_RULE_KEYS = [
  "code_article",
  "issuer_record",
  "issuer_cases",
  "reappeared",
  "charges_changed",
  "linked_protection",
] as const;
export type ContextRuleKey = (typeof CONTEXT_RULE_KEYS)[number];

export type RuleKey = ChargeRuleKey | ContextRuleKey;
export const RULE_KEYS: readonly RuleKey[] = [...CHARGE_RULE_KEYS, ...CONTEXT_RULE_KEYS];

export function isRuleKey(v: string): v is RuleKey {
  return (RULE_KEYS as readonly string[]).includes(v);
}

/** The languages charges come in (Belarusian, Kazakh, Tajik, Kyrgyz... charges usually arrive in Russian). */
export const CHARGE_LANGUAGES = ["ru", "en", "es", "fr", "tr", "ar", "zh"] as const;
export type ChargeLanguage = (typeof CHARGE_LANGUAGES)[number];

export interface ChargeRule {
  key: ChargeRuleKey;
  label: string;
  /** political_offence: the language of offences of opinion, assembly and the state; financial: the weak signal. */
  family: "political_offence" | "financial";
  weight: number;
  /** A weak reason raises the score but never flags a notice on its own (nor with other weak ones). */
  weak: boolean;
  /** Keywords and phrases per language. */
  terms: Partial<Record<ChargeLanguage, string[]>>;
  /** Only when a warrant comes from one of these states (the financial signal). */
  issuers?: string[];
}

export interface ContextRule {
  key: ContextRuleKey;
  label: string;
  weight: number;
  weak: boolean;
}

/** A public report saying a state misuses Interpol or persecutes abroad: the issuer's record, as data with its source. */
export interface IssuerRecord {
  country: string;
  source: string;
  url: string;
  year: number;
}

export interface RuleSet {
  /** RULES_VERSION, plus "+N" for the administrators' version N. */
  version: string;
  threshold: number;
  charge: ChargeRule[];
  context: ContextRule[];
  /** Code → article → what it punishes. */
  articles: Record<string, Record<string, string>>;
  /** Code → article → its wording (keywords), counted as citing the article in that state's warrants. */
  statutoryWording: Record<string, Record<string, string[]>>;
  issuerRecords: IssuerRecord[];
  /** The issuer-cases signal needs at least this many cases from the state, and this share with a motive. */
  issuerCases: { minCases: number; minShare: number };
  /** Keys switched off. */
  disabled: RuleKey[];
}

const CHARGE_RULES: ChargeRule[] = [
  {
    // Russia CC 280, 282.1-282.3 (Memorial: the most used articles against dissent, Jehovah's
    // Witnesses, Navalny's organisations); Belarus CC 361.1-361.4 ("extremist formations",
    // Viasna); Kazakhstan CC 182, 405; Tajikistan CC 307.1-307.3 (Group 24, IRPT); China CL 120-3.
    key: "extremism",
    label: "Extremism",
    family: "political_offence",
    weight: 60,
    weak: false,
    terms: {
      ru: ["экстремиз*", "экстремист*", "экстрэміс*", "нацистск* символик*", "реабилитац* нацизм*"],
      en: ["extremis*", "nazi symbol*", "rehabilitat* nazism"],
      es: ["extremis*"],
      fr: ["extremis*", "extrémis*"],
      tr: ["aşırıcılı*"],
      ar: ["التطرف", "متطرف"],
      zh: ["极端主义", "極端主義", "极端组织", "極端組織"],
    },
  },
  {
    // Russia CC 282 (incitement of hatred, "humiliation of dignity", used for posts); Kazakhstan
    // CC 174 (inciting discord: the activists' article, HRW 2020); Belarus CC 130; Türkiye TCK 216
    // (HRW, Amnesty on journalists); Venezuela's 2017 "Law against Hatred".
    key: "incitement_hatred",
    label: "Inciting hatred or discord",
    family: "political_offence",
    weight: 55,
    weak: false,
    terms: {
      ru: ["возбужден* … ненавист*", "возбужден* … вражд*", "возбужден* … розн*", "разжиган* … розн*", "разжиган* ненавист*", "унижен* человеческ* достоинств*"],
      en: ["incit* hatred", "incit* enmity", "incit* discord", "incit* hostility", "inciting social discord", "stirring up hatred"],
      es: ["incitación al odio", "incitación odio", "instigación al odio", "ley contra el odio"],
      fr: ["incitation à la haine", "provocation à la haine", "incitation haine"],
      tr: ["kin ve düşmanlığa tahrik", "kin ve düşmanlık*", "halkı kin*"],
      ar: ["الكراهيه", "اثاره الفتنه", "الفتنه الطائفيه"],
      zh: ["煽动民族仇恨", "煽動民族仇恨", "民族歧视"],
    },
  },
  {
    // Russia CC 280.1 (calls against territorial integrity: Crimea posts); Kazakhstan CC 180;
    // Türkiye TCK 302 (unity of the state); China CL 103 (splitting the state: Uyghur and Tibetan
    // cases, Safeguard Defenders).
    key: "separatism",
    label: "Separatism",
    family: "political_offence",
    weight: 60,
    weak: false,
    terms: {
      ru: ["сепаратиз*", "сепаратист*", "нарушен* территориальн* целостност*"],
      en: ["separatis*", "territorial integrity", "splitting the state", "secession*"],
      es: ["separatis*", "secesion*", "integridad territorial"],
      fr: ["séparatis*", "sécession*", "intégrité du territoire", "unité nationale"],
      tr: ["bölücü*", "ülke bütünlüğünü boz*", "devletin birliğini*"],
      ar: ["الانفصال", "انفصالي", "الوحده الوطنيه"],
      zh: ["分裂国家", "分裂國家", "煽动分裂", "煽動分裂"],
    },
  },
  {
    // Terrorism used against speech: Russia CC 205.2 (justifying terrorism: the journalists
    // Prokopyeva and others, OVD-Info); Spain's "enaltecimiento" and France's "apologie" (Amnesty
    // 2018, 2020); Türkiye's TMK 7/2 propaganda; China CL 120-3. Plain membership is apart below.
    key: "terrorism_speech",
    label: "Terrorism charges for speech",
    family: "political_offence",
    weight: 60,
    weak: false,
    terms: {
      ru: ["оправдан* терроризм*", "пропаганд* терроризм*", "призыв* террористическ*", "призыв* терроризм*"],
      en: ["justif* terrorism", "apology for terrorism", "glorif* terrorism", "propaganda terror*", "incitement to terrorism", "public calls terrorist*"],
      es: ["enaltecimiento terrorismo", "enaltecimiento del terrorismo", "apología terrorismo", "apología del terrorismo", "apología"],
      fr: ["apologie terrorisme", "apologie du terrorisme", "apologie", "provocation directe terrorisme"],
      tr: ["örgüt propaganda*", "terör örgütünün propaganda*", "terör örgütü propaganda*", "propaganda*"],
      ar: ["الترويج لافكار", "الترويج للارهاب", "التحريض على الارهاب", "تمجيد الارهاب"],
      zh: ["宣扬恐怖主义", "宣揚恐怖主義", "煽动实施恐怖活动", "煽動實施恐怖活動"],
    },
  },
  {
    // Membership of a "terrorist" organisation: how Türkiye's TCK 314 prosecutes the Gülen movement
    // (Interpol refused those requests: Fair Trials 2018), Russia's 205.5 Hizb ut-Tahrir members
    // (Memorial's political prisoners), Egypt's Muslim Brotherhood cases. But mostly real
    // terrorism: a weak signal, never a flag alone. Türkiye's 314 wording counts as its article
    // (STATUTORY_WORDING below), which flags.
    key: "terrorism_membership",
    label: "Membership of a \u201cterrorist\u201d organisation",
    family: "political_offence",
    weight: 30,
    weak: true,
    terms: {
      ru: ["участ* террористическ* организац*", "террористическ* сообществ*", "участ* террористическ*", "участ* деятельност* организац* … признан* террористическ*"],
      en: ["member* terrorist organi*", "membership terrorist*", "participation terrorist organi*", "armed terrorist organi*"],
      es: ["pertenencia organización terrorista", "integración organización terrorista", "integración en organización terrorista", "pertenencia banda armada"],
      fr: ["association de malfaiteurs terroriste", "association de malfaiteurs en relation avec une entreprise terroriste", "participation groupe terroriste"],
      tr: ["silahlı terör örgüt*", "silahlı örgüte üye*", "terör örgütüne üye*", "terör örgütü üye*", "fetö"],
      ar: ["جماعه ارهابيه", "الانتماء الى جماعه ارهابيه"],
      zh: ["参加恐怖组织", "參加恐怖組織", "领导恐怖组织"],
    },
  },
  {
    // Russia CC 212, Belarus CC 293 (the 2020 protests: Viasna), Kazakhstan CC 272 (January 2022),
    // China CL 290 (gathering a crowd to disturb order), Cuba's "desórdenes públicos" (11 July 2021).
    key: "mass_riots",
    label: "Mass riots",
    family: "political_offence",
    weight: 55,
    weak: false,
    terms: {
      ru: ["массов* беспорядк*", "масав* беспарадк*"],
      en: ["mass riot*", "mass disorder*", "mass unrest", "riots"],
      es: ["disturbios masivos", "desórdenes públicos", "desordenes publicos", "asonada"],
      fr: ["émeutes", "troubles à l'ordre public", "troubles massifs"],
      tr: ["kitlesel ayaklanma*", "isyan*"],
      ar: ["اعمال شغب", "الشغب", "اثاره الشغب"],
      zh: ["聚众扰乱", "聚眾擾亂", "聚众冲击", "暴乱"],
    },
  },
  {
    // Russia CC 212.1 (repeated breach of protest rules: Dadin), Belarus CC 342 (actions grossly
    // violating public order: the most used 2020-2024 article, Viasna), Türkiye's Law 2911 on
    // meetings and demonstrations, Egypt's protest law 107/2013 and assembly law 10/1914, China
    // CL 296, Algeria's "attroupement" (the Hirak, Amnesty 2020).
    key: "unauthorised_assembly",
    label: "Unauthorised assembly or protest",
    family: "political_offence",
    weight: 55,
    weak: false,
    terms: {
      ru: ["несанкционирован*", "митинг*", "пикетирован*", "шестви*", "порядк* организац* проведен* собран*", "грубо нарушающ* общественн* порядок", "груба парушаюц*", "груба парушаюч*"],
      en: ["unauthori* assembl*", "unauthori* rally", "unauthori* protest*", "unauthori* demonstration*", "unsanctioned*", "illegal assembly", "unlawful assembly", "illegal protest*", "unlawful protest*", "grossly violating public order", "gross* violat* public order", "picket*"],
      es: ["reunión ilícita", "manifestación ilícita", "manifestación no autorizada", "protesta no autorizada"],
      fr: ["attroupement*", "manifestation non autorisée", "manifestation illicite", "rassemblement non autorisé"],
      tr: ["toplantı ve gösteri*", "2911 sayılı", "kanunsuz toplantı*"],
      ar: ["التجمهر", "التظاهر دون", "تظاهره", "التحريض على التظاهر", "الدعوه الى التظاهر", "المشاركه في التظاهر", "قانون التظاهر"],
      zh: ["非法集会", "非法集會", "非法游行", "非法示威"],
    },
  },
  {
    // Insulting the head of state or officials: Türkiye TCK 299 (over 100,000 investigations,
    // HRW 2023), Belarus CC 367-369, Russia CC 319, Kazakhstan CC 373, 378, Tajikistan CC 137,
    // the Gulf states' lèse-majesté, Cuba's and Venezuela's "desacato", Morocco's "offense".
    key: "insulting_officials",
    label: "Insulting officials or the head of state",
    family: "political_offence",
    weight: 60,
    weak: false,
    terms: {
      ru: ["оскорблен* президент*", "оскорблен* представител* власт*", "оскорблен* должностн*", "оскорблен* судь*", "клевет* президент*", "дискредитац* республик*", "надругательств* государственн* символ*"],
      en: ["insult* president", "insult* head of state", "insult* public official*", "insult* representative authorit*", "lese majest*", "lèse majest*", "defam* president", "defam* head of state", "insult* the state", "desecrat* state symbol*"],
      es: ["desacato", "injuria* presidente", "injuria* autoridad*", "ultraje símbolos patrios", "vilipendio"],
      fr: ["offense chef de l'état", "offense au chef de l'état", "offense au président", "outrage chef de l'état", "outrage corps constitué*", "outrage au président", "outrage aux institutions"],
      tr: ["cumhurbaşkanına hakaret*", "cumhurbaşkanına*", "kamu görevlisine hakaret*", "devletin kurum* aşağıla*", "türk milletini aşağıla*", "aşağılama*"],
      ar: ["اهانه رئيس", "العيب في الذات", "الذات الملكيه", "الذات الاميريه", "اهانه هيئه نظاميه", "اهانه موظف عام"],
      zh: ["侮辱国家领导人", "侮辱國家領導人"],
    },
  },
  {
    // Religious expression punished: Russia CC 148 (believers' feelings), Egypt PC 98(f)
    // ("contempt of religions"), China CL 300 ("cult organisations": Falun Gong), Pakistan's
    // blasphemy laws (USCIRF annual reports).
    key: "religious_expression",
    label: "Religious expression or belief",
    family: "political_offence",
    weight: 55,
    weak: false,
    terms: {
      ru: ["оскорблен* религиозн* чувств*", "чувств* верующ*"],
      en: ["blasphem*", "contempt of religion*", "insult* religious", "cult organi*"],
      es: ["blasfemia*", "ofensa sentimientos religiosos"],
      fr: ["blasphème*", "outrage religion*"],
      tr: ["dini değerleri aşağıla*"],
      ar: ["ازدراء الاديان", "ازدراء الدين", "الاساءه للدين"],
      zh: ["邪教组织", "邪教組織"],
    },
  },
  {
    // "False information" and "fakes": Russia CC 207.1-207.3 (the army "fakes" law of March 2022,
    // OVD-Info counts hundreds of cases) and 280.3 ("discrediting" the army); Kazakhstan CC 274;
    // Türkiye TCK 217/A (2022 disinformation law); Egypt's "false news"; Nicaragua's 2020 Special
    // Law on Cybercrimes; China CL 291-1.
    key: "false_information",
    label: "False information or \u201cfakes\u201d",
    family: "political_offence",
    weight: 60,
    weak: false,
    terms: {
      ru: ["распростран* заведомо ложн*", "распростран* ложн* информац*", "под видом достоверн* сообщен*", "дискредит*", "фейк*", "ложн* информац* вооружен*"],
      en: ["fake news", "false news", "disseminat* false", "spread* false", "publi* false information", "publi* false news", "distribut* false information", "discredit*", "fakes"],
      es: ["noticias falsas", "difusión información falsa", "propagación información falsa", "divulgación información falsa", "desinformación"],
      fr: ["fausses nouvelles", "diffusion de fausses", "propagation de fausses", "publication de fausses", "désinformation"],
      tr: ["halkı yanıltıcı bilgi*", "yanıltıcı bilgiyi*", "dezenformasyon*"],
      ar: ["اخبار كاذبه", "اشاعات كاذبه", "شائعات كاذبه", "بث اخبار", "نشر اخبار", "اذاعه اخبار", "الشائعات", "اساءه استخدام وسائل التواصل"],
      zh: ["传播虚假", "傳播虛假", "散布虚假", "散佈虛假", "编造虚假", "編造虛假"],
    },
  },
  {
    // Treason and espionage for contacts abroad: Russia CC 275, 275.1, 276 (journalists,
    // scientists, donors to Ukraine: Pervy Otdel's counts), Belarus CC 356, China CL 102, 110,
    // 111, Nicaragua's "traición a la patria" (2023 expulsions), Egypt's "التخابر". Also a real
    // offence, so weighted below the threshold: the issuer's record or a code article adds the rest.
    key: "treason_espionage",
    label: "Treason or espionage",
    family: "political_offence",
    weight: 40,
    weak: false,
    terms: {
      ru: ["государственн* измен*", "измен* родин*", "измена государству", "измену государству", "измены государству", "шпионаж*", "конфиденциальн* сотрудничеств*"],
      en: ["treason", "espionage", "spying", "confidential cooperation with a foreign"],
      es: ["traición a la patria", "alta traición", "espionaje"],
      fr: ["trahison", "espionnage", "intelligence avec une puissance étrangère"],
      tr: ["casusluk*", "vatana ihanet*"],
      ar: ["الخيانه العظمى", "التخابر", "التجسس"],
      zh: ["叛国", "叛國", "叛逃", "间谍", "間諜", "为境外窃取", "為境外竊取", "为境外刺探"],
    },
  },
  {
    // Subversion and offences "against the constitutional order": China CL 105 (Liu Xiaobo,
    // Ilham Tohti), Russia CC 278-280.4, Tajikistan CC 307, Türkiye TCK 309, 312 (after 2016),
    // Egypt's and the Gulf's "state security", Venezuela's "conspiración", Nicaragua's "menoscabo".
    key: "subversion",
    label: "Subversion or offences against the state",
    family: "political_offence",
    weight: 60,
    weak: false,
    terms: {
      ru: ["насильственн* захват* власт*", "насильственн* изменен* конституционн*", "свержен*", "подрыв* конституционн*", "посягательств* конституционн* стро*", "вооруженн* мятеж*", "призыв* … ограничительн* мер*", "вред* национальн* безопасност*", "призыв* действи* национальн* безопасност*"],
      en: ["subversi*", "overthrow*", "sedition*", "seditious*", "armed rebellion", "insurrection*", "calls for sanctions", "undermin* state power", "constitutional order", "state security", "national security"],
      es: ["conspiración contra", "conspiración para cometer menoscabo", "sedición", "delito de rebelión", "rebelión militar", "rebelión contra", "orden constitucional", "menoscabo integridad nacional", "menoscabo a la integridad", "desestabiliz*", "magnicidio"],
      fr: ["atteinte à la sûreté de l'état", "sûreté de l'état", "complot contre l'autorité", "subversi*", "sédition*", "incitation à la révolte", "insurrection*"],
      tr: ["anayasal düzen*", "anayasayı ihlal*", "hükümeti ortadan kaldır*", "devletin güvenliğ*"],
      ar: ["قلب نظام الحكم", "امن الدوله", "المساس بامن", "زعزعه", "النظام العام للدوله", "تاليب الراي العام"],
      zh: ["颠覆国家政权", "顛覆國家政權", "煽动颠覆", "煽動顛覆", "颠覆"],
    },
  },
  {
    // China CL 293 "picking quarrels and provoking trouble": the catch-all against petitioners,
    // #MeToo and COVID reporters (Zhang Zhan), Chinese Human Rights Defenders 2022.
    key: "picking_quarrels",
    label: "\u201cPicking quarrels and provoking trouble\u201d",
    family: "political_offence",
    weight: 60,
    weak: false,
    terms: {
      en: ["picking quarrels", "provoking trouble", "picking quarrel*"],
      zh: ["寻衅滋事", "尋釁滋事"],
    },
  },
  {
    // Russia CC 284.1 ("undesirable" organisations: Open Russia, Meduza's donors) and 330.1
    // (foreign agents); Kazakhstan CC 405 (banned groups: DVK, Ablyazov's movement); Belarus's
    // "extremist formations"; Nicaragua's 2020 Foreign Agents Law.
    key: "undesirable_organisations",
    label: "Undesirable, banned or \u201cforeign agent\u201d organisations",
    family: "political_offence",
    weight: 60,
    weak: false,
    terms: {
      ru: ["нежелательн*", "иностранн* агент*", "запрещ* организац*", "запрещ* объединен*", "экстремистск* формирован*"],
      en: ["undesirable organi*", "undesirable activit*", "foreign agent*", "banned organi*", "prohibited organi*", "outlawed organi*"],
      es: ["agente* extranjero*", "agentes del extranjero"],
      fr: ["agent de l'étranger", "organisation interdite"],
      tr: ["yabancı ajan*"],
      ar: ["عميل لجهه اجنبيه", "جماعه محظوره", "تنظيم محظور", "جماعه اسست على خلاف", "اسست على خلاف احكام القانون"],
      zh: ["境外非政府组织"],
    },
  },
  {
    // Purely financial or commercial charges from states documented to use them against exiles
    // and business rivals: Russia (fraud and tax: Browder, Khodorkovsky's partners), Kazakhstan
    // (Ablyazov's embezzlement), China ("Sky Net": corruption and embezzlement, Safeguard
    // Defenders 2022), Tajikistan, Azerbaijan, Belarus, Türkiye (Fair Trials 2018; Open Dialog
    // 2016). A weak signal: it never flags alone, and says nothing about murder, drugs or rape.
    key: "financial_charges",
    label: "Financial or commercial charges from a state known to use them against exiles",
    family: "financial",
    weight: 15,
    weak: true,
    issuers: ["RU", "BY", "KZ", "TJ", "UZ", "AZ", "TM", "KG", "CN", "TR", "VE", "EG"],
    terms: {
      ru: ["мошенничеств*", "присвоен*", "растрат*", "хищен*", "уклонен* налог*", "уплат* налог*", "легализац*", "отмыван*", "взятк*", "злоупотреблен* полномоч*", "преднамеренн* банкротств*", "незаконн* предпринимательств*"],
      en: ["fraud*", "embezzl*", "misappropriat*", "money launder*", "laundering", "tax evasion", "bribe*", "brib*", "corruption", "breach of trust", "abuse of office", "abuse of power", "bankruptcy"],
      es: ["estafa*", "malversación", "peculado", "lavado de dinero", "lavado de activos", "evasión fiscal", "defraudación", "cohecho", "corrupción", "enriquecimiento ilícito"],
      fr: ["escroquerie*", "détournement*", "blanchiment*", "abus de biens sociaux", "fraude fiscale", "corruption", "abus de confiance"],
      tr: ["dolandırıcılı*", "zimmet*", "rüşvet*", "vergi kaçakçılığı*", "güveni kötüye kullanma*", "aklama*"],
      ar: ["اختلاس", "الاحتيال", "غسل الاموال", "تبييض الاموال", "الرشوه", "التهرب الضريبي", "الاستيلاء على المال العام"],
      zh: ["贪污", "貪污", "受贿", "受賄", "挪用", "诈骗", "詐騙", "洗钱", "洗錢", "职务侵占", "職務侵占", "行贿"],
    },
  },
];

const CONTEXT_RULES: ContextRule[] = [
  // A cited article of the codes below: the clearest sign, since states word charges loosely.
  { key: "code_article", label: "Cites an article used against dissent", weight: 50, weak: false },
  // The public reports an admin lists (below, as data with their sources): raises, never flags.
  { key: "issuer_record", label: "Issuing state with a poor record in public reports", weight: 20, weak: true },
  // This organisation's own cases: the requesting state's share with an alleged political motive.
  { key: "issuer_cases", label: "Issuing state with many politically motivated cases here", weight: 20, weak: true },
  // A notice deleted and published again: the pattern of "reissued_after_deletion" (taxonomy).
  { key: "reappeared", label: "Reappeared after removal", weight: 30, weak: false },
  // Charges rewritten while the notice stays: worth a look, not a sign alone.
  { key: "charges_changed", label: "Charges changed", weight: 10, weak: true },
  // A linked case whose subject has asylum or refugee status (Interpol's refugee policy, 2014).
  { key: "linked_protection", label: "Linked to a case whose subject is a refugee or asylum seeker", weight: 60, weak: false },
];

/** The protection statuses (lib/taxonomy.ts PROTECTION_STATUSES keys) that count for `linked_protection`. */
export const PROTECTED_STATUSES = ["refugee_recognised", "asylum_pending", "subsidiary_protection"] as const;

/**
 * Articles of the criminal codes that carry the political offences above, by the code's state.
 * Only cited with their code (or in a warrant from that state) do they count: article 105 is
 * subversion in China's Criminal Law and murder in Russia's.
 */
const ARTICLES: Record<string, Record<string, string>> = {
  // Criminal Code of the Russian Federation (Memorial, OVD-Info).
  RU: {
    "148": "insulting believers' feelings",
    "205.2": "public calls to terrorism, justifying terrorism",
    "207.1": "false information about emergencies",
    "207.2": "false information with grave consequences",
    "207.3": "false information about the armed forces",
    "212": "mass riots",
    "212.1": "repeated breach of the rules on protests",
    "275": "high treason",
    "275.1": "confidential cooperation with a foreign state",
    "276": "espionage",
    "280": "public calls to extremism",
    "280.1": "calls against territorial integrity",
    "280.3": "discrediting the armed forces",
    "280.4": "calls against state security",
    "282": "inciting hatred",
    "282.1": "extremist community",
    "282.2": "extremist organisation",
    "282.3": "financing extremism",
    "282.4": "extremist symbols",
    "284.1": "undesirable organisation",
    "284.2": "calls for sanctions against Russia",
    "319": "insulting an official",
    "330.1": "evading foreign-agent duties",
    "354.1": "\u201crehabilitating Nazism\u201d",
  },
  // Criminal Code of the Republic of Belarus (Viasna's 2020-2024 prosecutions).
  BY: {
    "130": "inciting hatred",
    "293": "mass riots",
    "342": "actions grossly violating public order",
    "356": "high treason",
    "357": "conspiracy to seize power",
    "361": "calls against national security",
    "361.1": "extremist formation",
    "361.2": "financing extremist activity",
    "361.3": "joining armed formations abroad",
    "361.4": "assisting extremist activity",
    "367": "defaming the President",
    "368": "insulting the President",
    "369": "insulting an official",
    "369.1": "discrediting Belarus",
    "370": "desecrating state symbols",
  },
  // Criminal Code of the Republic of Kazakhstan, 2014 (HRW, Kazakhstan International Bureau for Human Rights).
  KZ: {
    "174": "inciting discord",
    "179": "calls to seize power",
    "180": "separatism",
    "182": "extremist group",
    "256": "propaganda of terrorism or extremism",
    "258": "financing extremism",
    "272": "mass riots",
    "274": "false information",
    "373": "insulting the President",
    "378": "insulting an official",
    "405": "activity of a banned organisation",
  },
  // Criminal Code of the Republic of Azerbaijan (PACE Resolution 2161; HRW on the 2013-2024 arrests).
  AZ: {
    "220": "mass riots",
    "274": "high treason",
    "278": "seizure of power",
    "281": "public calls against the state",
    "283": "inciting hatred",
  },
  // Criminal Code of the Kyrgyz Republic, 2021 (HRW on Kempir-Abad and the journalists of Temirov Live).
  KG: {
    "278": "mass riots",
    "299": "inciting hatred",
    "327": "calls to seize power",
  },
  // Criminal Code of the Republic of Uzbekistan (HRW on Karakalpakstan 2022). Not 159, which the
  // fake service also uses for fraud: it is cited with its words ("посягательство на конституционный строй").
  UZ: {
    "158": "insulting the President",
    "216": "illegal public associations",
    "244.1": "materials threatening public security",
    "244.2": "extremist organisation",
  },
  // Criminal Code of the Republic of Tajikistan (HRW 2019, Freedom House: Group 24, IRPT).
  TJ: {
    "137": "insulting the President",
    "189": "inciting hatred",
    "307": "public calls to extremism",
    "307.1": "public calls to extremist activity",
    "307.2": "extremist community",
    "307.3": "extremist organisation",
    "330": "insulting an official",
  },
  // Türk Ceza Kanunu no. 5237 (HRW, Amnesty; the 2016-2024 prosecutions).
  TR: {
    "216": "inciting hatred",
    "217": "disinformation (217/A)",
    "299": "insulting the President",
    "301": "denigrating the nation or the state",
    "302": "disrupting the unity of the state",
    "309": "violating the constitutional order",
    "312": "acting against the government",
    "314": "membership of an armed organisation",
  },
  // Criminal Law of the People's Republic of China (Chinese Human Rights Defenders, Safeguard Defenders).
  CN: {
    "102": "treason",
    "103": "splitting the state",
    "105": "subversion of state power",
    "110": "espionage",
    "111": "stealing state secrets for abroad",
    "120.3": "advocating terrorism or extremism",
    "290": "gathering a crowd to disturb order",
    "291.1": "fabricating false information",
    "293": "picking quarrels and provoking trouble",
    "296": "illegal assembly",
    "300": "\u201ccult organisations\u201d",
  },
};

/**
 * The statutory wording of articles, for warrants that quote the offence without its number:
 * a warrant from the state whose code it is counts as citing the article.
 */
const STATUTORY_WORDING: Record<string, Record<string, string[]>> = {
  // TCK 314/2: "silahlı örgüte üye olan kişi"; the Gülen movement's official designation.
  TR: { "314": ["silahlı terör örgüt* üye*", "silahlı örgüt* üye*", "fetö"] },
};

/**
 * States whose misuse of Interpol or persecution abroad is documented in public reports.
 * An administrator may add or remove entries (with their source) in a new rule version.
 */
const ISSUER_RECORDS: IssuerRecord[] = [
  ...["CN", "TR", "TJ", "RU", "EG", "TM", "RW", "SA", "IR", "UZ"].map((country) => ({
    country,
    source: "Freedom House, Out of Sight, Not Out of Reach: the global scale and scope of transnational repression",
    url: "https://freedomhouse.org/report/transnational-repression",
    year: 2021,
  })),
  ...["RU", "TR", "AZ"].map((country) => ({
    country,
    source: "Parliamentary Assembly of the Council of Europe, Resolution 2161, Abusive recourse to the Interpol system",
    url: "https://pace.coe.int/en/files/23632",
    year: 2017,
  })),
  ...["BY", "KZ", "VE"].map((country) => ({
    country,
    source: "Fair Trials, Dismantling the tools of oppression: ending the misuse of INTERPOL",
    url: "https://www.fairtrials.org/articles/publications/dismantling-the-tools-of-oppression/",
    year: 2018,
  })),
];

export const DEFAULT_RULES: RuleSet = {
  version: RULES_VERSION,
  threshold: FLAG_THRESHOLD,
  charge: CHARGE_RULES,
  context: CONTEXT_RULES,
  articles: ARTICLES,
  statutoryWording: STATUTORY_WORDING,
  issuerRecords: ISSUER_RECORDS,
  issuerCases: { minCases: 3, minShare: 0.5 },
  disabled: [],
};

// ---- Administrators' versions ----

/** What an administrator's version changes (stored as JSON in indicator_rule_sets). */
export interface RuleOverrides {
  weights?: Partial<Record<RuleKey, number>>;
  /** Keywords added to a charge rule (any language). */
  extraTerms?: Partial<Record<ChargeRuleKey, string[]>>;
  disabled?: RuleKey[];
  /** Replaces the issuer records when present. */
  issuerRecords?: IssuerRecord[];
}

export const MAX_WEIGHT = 100;

/** The defaults with an administrator's version `n` applied over them. Unknown keys are ignored. */
export function applyOverrides(base: RuleSet, overrides: RuleOverrides | null | undefined, n: number | null): RuleSet {
  if (!overrides || n === null) return base;
  const weight = (key: RuleKey, w: number) => {
    const v = overrides.weights?.[key];
    return typeof v === "number" && Number.isFinite(v) ? Math.max(0, Math.min(MAX_WEIGHT, Math.round(v))) : w;
  };
  return {
    ...base,
    version: `${base.version}+${n}`,
    charge: base.charge.map((r) => {
      const extra = (overrides.extraTerms?.[r.key] ?? []).filter((t) => typeof t === "string" && t.trim());
      return {
        ...r,
        weight: weight(r.key, r.weight),
        terms: extra.length ? { ...r.terms, en: [...(r.terms.en ?? []), ...extra] } : r.terms,
      };
    }),
    context: base.context.map((r) => ({ ...r, weight: weight(r.key, r.weight) })),
    disabled: (overrides.disabled ?? []).filter(isRuleKey),
    issuerRecords: overrides.issuerRecords ?? base.issuerRecords,
  };
}

/** A rule's label by key, for pages. */
export function ruleLabel(key: string, rules: RuleSet = DEFAULT_RULES): string {
  return rules.charge.find((r) => r.key === key)?.label ?? rules.context.find((r) => r.key === key)?.label ?? key;
}
