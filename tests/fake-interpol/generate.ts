// Deterministic generator of a notice set shaped like Interpol's public red notices, plus helpers that
// make test scenarios short: makeNotice(partial) and mutateForNextPull (a described change between pulls).
import { SPECIAL_ISSUER_CODES } from "../../lib/special-issuers";
import { countryName } from "./countries";
import type { FakeArrestWarrant, FakeNotice, SexId } from "./server";

// ---------------------------------------------------------------------------------------------- PRNG

/** Small, fast, seedable PRNG (no Math.random: every set must be reproducible from its seed). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T>(xs: readonly T[], cumulative: readonly number[]): T {
    const r = this.next() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return xs[lo];
  }
  /** n distinct items, order random. */
  sample<T>(xs: readonly T[], n: number): T[] {
    const copy = [...xs];
    const out: T[] = [];
    for (let i = 0; i < n && copy.length > 0; i++) {
      const j = Math.floor(this.next() * copy.length);
      out.push(copy[j]);
      copy[j] = copy[copy.length - 1];
      copy.pop();
    }
    return out;
  }
}

function cumulate(ws: readonly number[]): number[] {
  let s = 0;
  return ws.map((w) => (s += w));
}

// ---------------------------------------------------------------------------------------------- countries

// Share among notices that have a nationality. RU at 0.46 of the 98% with one gives ~45% overall.
const TOP: [string, number][] = [
  ["RU", 0.46],
  ["SV", 0.06],
  ["AR", 0.05],
  ["IN", 0.04],
  ["PK", 0.032],
  ["GT", 0.03],
  ["US", 0.025],
];
// The long tail, most frequent first; weights decay (Zipf-like) so most stay under 160 each.
const TAIL = (
  "UA KZ TR HN UZ TJ BY AZ MX CO AM KG VE BR PE EG IQ SY BD NG DO PY BO EC NI CU AF IR CN VN " +
  "TH PH ID LB JO SA AE MA DZ TN LY FR DE IT ES PT GB NL BE PL RO BG RS AL MK HR BA ME GR CY GE " +
  "MD LT LV EE IL PS YE SD SO ET KE TZ UG ZA ZW GH CM SN CI ML CD CL UY PA CR NP LK MY KR JP CA " +
  "AU HT JM TT GY SR SL LR GN BF NE TD RW BI TM KH MM QA KW"
).split(" ");
const TAIL_SHARE = 1 - TOP.reduce((s, [, w]) => s + w, 0);
const TAIL_W = TAIL.map((_, i) => 1 / Math.pow(i + 3, 0.85));
const TAIL_SUM = TAIL_W.reduce((a, b) => a + b, 0);
const NAT_CODES = [...TOP.map(([c]) => c), ...TAIL];
const NAT_CUM = cumulate([...TOP.map(([, w]) => w), ...TAIL_W.map((w) => (w / TAIL_SUM) * TAIL_SHARE)]);
const TAIL_CUM = cumulate(TAIL_W);

const SPECIAL = SPECIAL_ISSUER_CODES;

// ---------------------------------------------------------------------------------------------- names

type Style = "ru" | "es" | "pt" | "ar" | "tr" | "in" | "pk" | "en" | "af" | "fr" | "de" | "it" | "slav" | "asia" | "he";

const STYLE_OF: Record<string, Style> = {};
const styleGroups: [Style, string][] = [
  ["ru", "RU BY UA KZ KG TJ UZ AZ AM MD GE LT LV EE TM"],
  ["es", "SV AR GT HN MX CO VE PE PY BO EC NI DO CU CL UY PA CR ES"],
  ["pt", "BR PT AO MZ CV"],
  ["ar", "EG IQ SY LB JO SA AE LY YE QA KW OM BH PS MA DZ TN SD SO"],
  ["tr", "TR CY"],
  ["in", "IN NP BD LK"],
  ["pk", "PK AF IR"],
  ["en", "US GB CA AU NZ JM TT GY IE SR"],
  ["af", "NG GH CM SN CI ML CD KE TZ UG ET ZA ZW SL LR GN BF NE TD RW BI"],
  ["fr", "FR BE HT LU MC"],
  ["de", "DE AT CH"],
  ["it", "IT"],
  ["slav", "PL RO BG RS AL MK HR BA ME GR SI SK CZ HU"],
  ["asia", "CN VN TH PH ID MY KR JP KH MM"],
  ["he", "IL"],
];
for (const [style, codes] of styleGroups) for (const c of codes.split(" ")) STYLE_OF[c] = style;
const styleOf = (code: string | undefined): Style => (code && STYLE_OF[code]) || "en";

const w = (s: string) => s.split(",").map((x) => x.trim());

interface NameTable {
  m: string[];
  f: string[];
  surnames: string[];
  /** Probability that `name` holds two surnames (Spanish and Portuguese usage). */
  double?: number;
}

const NAMES: Record<Exclude<Style, "ru">, NameTable> = {
  es: {
    m: w(
      "JOSE, JUAN, CARLOS, LUIS, JORGE, MIGUEL, OSCAR, MARIO, FRANCISCO, PEDRO, WILLIAM, EDWIN, JOSE ANTONIO, JUAN CARLOS, MARVIN, ERICK, WALTER, NELSON, RENE, DAVID, CRISTIAN, FERNANDO, RICARDO, SANTIAGO, MAXIMILIANO, JOSUE, KEVIN ALEXANDER, NESTOR, ELMER, DOUGLAS"
    ),
    f: w("MARIA, ANA, ROSA, KARLA, SANDRA, PATRICIA, MARIA JOSE, GABRIELA, SOFIA, DELMY, GLORIA, CLAUDIA"),
    surnames: w(
      "HERNANDEZ, MARTINEZ, LOPEZ, GARCIA, RODRIGUEZ, PEREZ, GONZALEZ, RAMIREZ, FLORES, CRUZ, RIVERA, REYES, MORALES, ORTIZ, CASTILLO, GUZMAN, MEJIA, ALVARADO, ROMERO, SANCHEZ, VASQUEZ, AGUILAR, CHAVEZ, DIAZ, FERNANDEZ, GOMEZ, SOSA, BENITEZ, ACOSTA, MOLINA, QUINTANILLA, PORTILLO, ESCOBAR, ARGUETA, SALAZAR, MENDOZA, BARRIOS, CIFUENTES, ZELAYA, VELASQUEZ, PAZ, RUIZ, LEIVA, CANO"
    ),
    double: 0.7,
  },
  pt: {
    m: w("JOAO, JOSE, ANTONIO, FRANCISCO, CARLOS, PAULO, PEDRO, LUCAS, RAFAEL, MARCOS, LUIZ CARLOS, THIAGO"),
    f: w("MARIA, ANA, FRANCISCA, JULIANA, ADRIANA"),
    surnames: w(
      "SILVA, SANTOS, OLIVEIRA, SOUZA, RODRIGUES, FERREIRA, ALVES, PEREIRA, LIMA, GOMES, COSTA, RIBEIRO, MARTINS, CARVALHO, ROCHA, DIAS"
    ),
    double: 0.5,
  },
  ar: {
    m: w(
      "MOHAMMED, AHMED, ALI, OMAR, KHALED, HASSAN, HUSSEIN, YOUSSEF, IBRAHIM, MAHMOUD, ABDULLAH, MUSTAFA, SAMI, KARIM, TAREK, WALID, RAMI, FADI, BILAL, HAMZA, ABDEL RAHMAN"
    ),
    f: w("FATIMA, AISHA, MARIAM, LAYLA, NOUR, HIBA"),
    surnames: w(
      "AL-HASSAN, EL MASRI, HAMDAN, NASSER, SALEH, HADDAD, KHALIL, YOUNES, MANSOUR, AL OBAIDI, AL JABOURI, BENALI, BOUZID, SAIDI, MEHDI, KHOURY, AZIZ, OTHMAN, QASSEM, ABU ZAID, AL-SHAMMARI"
    ),
  },
  tr: {
    m: w("MEHMET, MUSTAFA, AHMET, ALI, HUSEYIN, HASAN, IBRAHIM, ISMAIL, OSMAN, YUSUF, MURAT, EMRE, DOGAN"),
    f: w("AYSE, FATMA, EMINE, HATICE, ZEYNEP"),
    surnames: w(
      "YILMAZ, KAYA, DEMIR, SAHIN, CELIK, YILDIZ, YILDIRIM, OZTURK, AYDIN, OZDEMIR, ARSLAN, DOGAN, KILIC, ASLAN, CETIN, KARA, KOC, KURT, OZKAN, SIMSEK, AKHANLI, OZERDEM"
    ),
  },
  in: {
    m: w(
      "RAJESH, SURESH, RAMESH, VIKRAM, AMIT, SANJAY, RAHUL, ANIL, SUNIL, MANOJ, DEEPAK, VIJAY, ARUN, NIRAV, MEHUL, LALIT, GURPREET, HARDEEP"
    ),
    f: w("PRIYA, SUNITA, ANITA, POOJA, KAVITA"),
    surnames: w(
      "SINGH, KUMAR, SHARMA, PATEL, GUPTA, VERMA, YADAV, REDDY, NAIR, SHAH, MODI, CHOKSI, JOSHI, MEHTA, RAO, DAS, BHANDARI, MALLYA, CHAUHAN, PANDEY, SANDHU"
    ),
  },
  pk: {
    m: w(
      "MUHAMMAD, IMRAN, ASIF, TARIQ, NAVEED, KAMRAN, ZAHID, SHAHID, WAQAR, FAISAL, ADNAN, USMAN, BILAL, JAVED, SAJID, ARSHAD, MUHAMMAD ASIF"
    ),
    f: w("AYESHA, SAIMA, NAZIA, RUBINA"),
    surnames: w(
      "KHAN, AHMED, HUSSAIN, ALI, MALIK, IQBAL, BUTT, CHAUDHRY, QURESHI, SHAH, RAZA, AKHTAR, ASLAM, ANWAR, MAHMOOD, RASHID, SHEIKH, MIRZA"
    ),
  },
  en: {
    m: w(
      "JOHN, MICHAEL, DAVID, JAMES, ROBERT, WILLIAM, RICHARD, JOSEPH, THOMAS, CHRISTOPHER, DANIEL, MARK, ANTHONY, KEVIN, BRIAN, JASON"
    ),
    f: w("MARY, JENNIFER, LINDA, ELIZABETH, SARAH, JESSICA"),
    surnames: w(
      "SMITH, JOHNSON, WILLIAMS, BROWN, JONES, MILLER, DAVIS, WILSON, ANDERSON, TAYLOR, THOMAS, MOORE, JACKSON, MARTIN, THOMPSON, WHITE, HARRIS, CLARK, LEWIS, ROBINSON, WALKER, YOUNG, ALLEN, O'BRIEN"
    ),
  },
  af: {
    m: w(
      "EMMANUEL, IBRAHIMA, MAMADOU, MOUSSA, OUSMANE, KWAME, CHUKWUEMEKA, OLUWASEUN, JEAN-PIERRE, JEAN, PATRICK, DIDIER, SAMUEL, JOSEPH, ABDOULAYE, AMADOU"
    ),
    f: w("AMINATA, FATOUMATA, GRACE, MARIAM"),
    surnames: w(
      "DIALLO, TRAORE, KONE, COULIBALY, OUEDRAOGO, SYLLA, CISSE, NDIAYE, DIOP, MENSAH, OKAFOR, ADEYEMI, OKONKWO, MUTASA, MWANGI, OTIENO, KAMARA, BANGURA, HABIMANA, NKURUNZIZA, MUSA, BELLO"
    ),
  },
  fr: {
    m: w("JEAN, PIERRE, MICHEL, PHILIPPE, ALAIN, NICOLAS, OLIVIER, LAURENT, FREDERIC, STEPHANE, JEAN-MARC"),
    f: w("MARIE, NATHALIE, ISABELLE, SYLVIE"),
    surnames: w(
      "MARTIN, BERNARD, DUBOIS, THOMAS, ROBERT, RICHARD, PETIT, DURAND, LEROY, MOREAU, SIMON, LAURENT, LEFEBVRE, MICHEL, FOURNIER, GIRARD, JOSEPH, PIERRE-LOUIS"
    ),
  },
  de: {
    m: w("THOMAS, MICHAEL, ANDREAS, STEFAN, MARKUS, CHRISTIAN, JAN, DANIEL, MATTHIAS, JUERGEN, KLAUS"),
    f: w("SABINE, ANDREA, PETRA, CLAUDIA"),
    surnames: w(
      "MUELLER, SCHMIDT, SCHNEIDER, FISCHER, WEBER, MEYER, WAGNER, BECKER, SCHULZ, HOFFMANN, KOCH, RICHTER, KLEIN, WOLF, SCHROEDER"
    ),
  },
  it: {
    m: w("GIUSEPPE, GIOVANNI, ANTONIO, MARIO, LUIGI, FRANCESCO, ANGELO, VINCENZO, PIETRO, SALVATORE"),
    f: w("MARIA, ANNA, GIUSEPPINA, ROSA"),
    surnames: w(
      "ROSSI, RUSSO, FERRARI, ESPOSITO, BIANCHI, ROMANO, COLOMBO, RICCI, MARINO, GRECO, BRUNO, GALLO, CONTI, DE LUCA, MANCINI, MESSINA DENARO"
    ),
  },
  slav: {
    m: w(
      "MARKO, NIKOLA, STEFAN, DRAGAN, ZORAN, GORAN, MILAN, IVAN, PIOTR, TOMASZ, KRZYSZTOF, ANDREI, ION, GHEORGHE, GEORGI, DIMITAR, ARBEN, GENTI, FATOS"
    ),
    f: w("ANA, MARIJA, IVANA, AGNIESZKA, ELENA"),
    surnames: w(
      "JOVANOVIC, PETROVIC, NIKOLIC, MARKOVIC, DJORDJEVIC, HODZIC, HASANOVIC, KOVACEVIC, NOWAK, KOWALSKI, WISNIEWSKI, WOJCIK, POPESCU, IONESCU, POPA, DIMITROV, GEORGIEV, HOXHA, BERISHA, SHEHU, KRASNIQI, PAPADOPOULOS, GEORGIOU"
    ),
  },
  asia: {
    m: w(
      "WEI, JUN, MING, HAO, JIAN, LEI, QIANG, YONG, VAN HUNG, VAN MINH, MIN-HO, JAE-SUNG, HIROSHI, TAKESHI, SOMCHAI, BUDI, AGUS, RODRIGO"
    ),
    f: w("LI NA, XIU YING, THI LAN, MI-YOUNG, YUKI, SITI"),
    surnames: w(
      "WANG, LI, ZHANG, LIU, CHEN, YANG, HUANG, ZHAO, WU, ZHOU, NGUYEN, TRAN, LE, PHAM, KIM, LEE, PARK, CHOI, TANAKA, SATO, SANTOS, WIJAYA, TAN, LIM"
    ),
  },
  he: {
    m: w("DAVID, MOSHE, YOSEF, ITZHAK, AVRAHAM, YAAKOV, SHLOMO, DANIEL"),
    f: w("SARAH, RACHEL, TAMAR"),
    surnames: w("COHEN, LEVI, MIZRAHI, PERETZ, BITON, DAHAN, AVRAHAM, FRIEDMAN, AZULAY, KATZ"),
  },
};

// Russian-style surnames are built (stem + suffix) so name lengths spread widely, as name-length splits need.
const RU_M = w(
  "ALEKSANDR, DMITRIY, SERGEY, ANDREY, ALEKSEY, VLADIMIR, IGOR, MIKHAIL, NIKOLAY, YURIY, OLEG, EVGENIY, PAVEL, ROMAN, MAKSIM, DENIS, ARTEM, VIKTOR, ANATOLIY, RUSLAN, TIMUR, KONSTANTIN, VADIM, ILYA, GRIGORIY, VYACHESLAV, MAGOMED, AKHMED, RUSTAM, NURLAN, BAKHTIYAR, ALISHER"
);
const RU_F = w(
  "ELENA, OLGA, TATYANA, NATALYA, IRINA, SVETLANA, ANNA, MARINA, YULIYA, EKATERINA, LYUDMILA, OKSANA, GULNARA"
);
const RU_STEMS = w(
  "IVAN, PETR, SIDOR, SMIRN, KUZNETS, SOKOL, LEBED, KOZL, NOVIK, MOROZ, VOLK, ZAITS, PAVL, SEMEN, GOLUB, VINOGRAD, BOGDAN, VOROB, FEDOR, MIKHAIL, BEL, TARAS, KARAS, ZHUK, KOVAL, ABRAM, GUS, MAGOMED, KADYR, ALI, NAZAR, YUSUP, SHEVCH, MELNYCH, BONDAR, TKACH, KRAVCH, OLEYN, KHODORK, BEREZ, GRIGOR, ZAKHAR, DZHABR, RAKH"
);
const RU_SUFFIX: [string, string][] = [
  ["OV", "OVA"],
  ["EV", "EVA"],
  ["IN", "INA"],
  ["OVSKIY", "OVSKAYA"],
  ["ENKO", "ENKO"],
  ["UK", "UK"],
  ["OVICH", "OVICH"],
  ["MANOV", "MANOVA"],
];

// ---------------------------------------------------------------------------------------------- places

const PLACES: Record<string, string[]> = {
  RU: w(
    "MOSCOW, SAINT PETERSBURG, GROZNYY, MAKHACHKALA, NOVOSIBIRSK, EKATERINBURG, Kazan, Nalchik, ROSTOV-NA-DONU, KRASNODAR, Vladikavkaz, CHELYABINSK, UFA, SAMARA, OMSK, Perm, KHASAVYURT, NIZHNIY NOVGOROD, IRKUTSK"
  ),
  SV: w(
    "SAN SALVADOR, SANTA ANA, SAN MIGUEL, USULUTÁN, USULUTAN, SOYAPANGO, AHUACHAPÁN, CHALATENANGO, LA LIBERTAD, SONSONATE, Mejicanos"
  ),
  AR: w(
    "BUENOS AIRES, CÓRDOBA, CORDOBA, ROSARIO, SAN MIGUEL DE TUCUMÁN, MAR DEL PLATA, SANTA FE, NEUQUÉN, Mendoza, LA PLATA, Salta"
  ),
  GT: w("GUATEMALA, QUETZALTENANGO, ESCUINTLA, HUEHUETENANGO, PETÉN, PETEN, SACATEPÉQUEZ, Mixco, Villa Nueva, JUTIAPA"),
  IN: w("NEW DELHI, MUMBAI, AHMEDABAD, SURAT, KOLKATA, CHENNAI, Amritsar, LUDHIANA, Hyderabad, JALANDHAR, PUNE"),
  PK: w("LAHORE, KARACHI, RAWALPINDI, FAISALABAD, Gujranwala, SIALKOT, PESHAWAR, MULTAN, Gujrat"),
  US: w("NEW YORK, LOS ANGELES, CHICAGO, HOUSTON, MIAMI, Phoenix, SAN ANTONIO, DALLAS, Philadelphia"),
  UA: w("KYIV, KHARKIV, ODESA, DNIPRO, LVIV, Zaporizhzhia, DONETSK, MYKOLAIV"),
  KZ: w("ALMATY, ASTANA, SHYMKENT, KARAGANDA, Aktobe, TARAZ"),
  UZ: w("TASHKENT, SAMARKAND, NAMANGAN, ANDIJAN, Bukhara, FERGANA"),
  TJ: w("DUSHANBE, KHUJAND, Kulob, BOKHTAR"),
  BY: w("MINSK, GOMEL, MOGILEV, Vitebsk, GRODNO, BREST"),
  AZ: w("BAKU, GANJA, SUMGAIT, Lankaran"),
  AM: w("YEREVAN, GYUMRI, Vanadzor"),
  KG: w("BISHKEK, OSH, Jalal-Abad"),
  TR: w("İSTANBUL, ISTANBUL, ANKARA, DİYARBAKIR, GÜMÜŞHANE, IĞDIR, İzmir, Şanlıurfa, KONYA, MARDİN"),
  HN: w("TEGUCIGALPA, SAN PEDRO SULA, LA CEIBA, Choluteca, CHOLOMA"),
  MX: w("CIUDAD DE MÉXICO, GUADALAJARA, MONTERREY, CULIACÁN, TIJUANA, Michoacán"),
  CO: w("BOGOTÁ, MEDELLÍN, CALI, BARRANQUILLA, Cúcuta, CARTAGENA"),
  BR: w("SÃO PAULO, RIO DE JANEIRO, BELO HORIZONTE, BRASÍLIA, Goiânia, CURITIBA"),
  DE: w("BERLIN, HAMBURG, MÜNCHEN, KÖLN, Frankfurt am Main, DÜSSELDORF"),
  FR: w("PARIS, MARSEILLE, LYON, TOULOUSE, Nice, SAINT-DENIS"),
  EG: w("CAIRO, ALEXANDRIA, GIZA, Port Said, MANSOURA"),
  VE: w("CARACAS, MARACAIBO, VALENCIA, Barquisimeto"),
  PE: w("LIMA, AREQUIPA, TRUJILLO, Chiclayo"),
  CH: w("ZÜRICH, GENÈVE, BASEL, Bern"),
};

// ---------------------------------------------------------------------------------------------- charges

const RU_CODE: Record<string, string> = {
  RU: "УК РФ",
  BY: "УК Республики Беларусь",
  KZ: "УК Республики Казахстан",
  KG: "УК Кыргызской Республики",
  TJ: "УК Республики Таджикистан",
  UZ: "УК Республики Узбекистан",
  AZ: "УК Азербайджанской Республики",
  AM: "УК Республики Армения",
  TM: "УК Туркменистана",
  MD: "УК Республики Молдова",
};
const CHARGES_RU = [
  "Мошенничество, то есть хищение чужого имущества путем обмана или злоупотребления доверием, совершенное организованной группой либо в особо крупном размере (ч. 4 ст. 159 {code})",
  "Убийство, то есть умышленное причинение смерти другому человеку (ч. 1 ст. 105 {code})",
  "Незаконные производство, сбыт или пересылка наркотических средств, совершенные организованной группой в особо крупном размере (ч. 5 ст. 228.1 {code})",
  "Участие в деятельности террористической организации (ч. 2 ст. 205.5 {code})",
  "Присвоение или растрата, совершенные лицом с использованием своего служебного положения, в особо крупном размере (ч. 4 ст. 160 {code})",
  "Уклонение от уплаты налогов и (или) сборов с организации в особо крупном размере (ч. 2 ст. 199 {code})",
  "Участие в вооруженном формировании, не предусмотренном федеральным законом (ч. 2 ст. 208 {code})",
  "Получение взятки в особо крупном размере (ч. 6 ст. 290 {code})",
  "Создание преступного сообщества (преступной организации) (ч. 1 ст. 210 {code})",
  "Легализация (отмывание) денежных средств, приобретенных преступным путем (ч. 4 ст. 174.1 {code})",
];
const CHARGES: Record<string, string[]> = {
  uk: [
    "Шахрайство, вчинене в особливо великих розмірах або організованою групою (ч. 4 ст. 190 КК України)",
    "Умисне вбивство (ч. 1 ст. 115 КК України)",
    "Привласнення, розтрата майна або заволодіння ним шляхом зловживання службовим становищем (ч. 5 ст. 191 КК України)",
    "Державна зрада (ч. 1 ст. 111 КК України)",
  ],
  es: [
    "HOMICIDIO AGRAVADO",
    "AGRUPACIONES ILÍCITAS",
    "EXTORSIÓN AGRAVADA",
    "Tráfico ilícito de drogas",
    "Asesinato en perjuicio de la vida de una persona",
    "Estafa agravada",
    "Lavado de dinero y de activos",
    "Violación en menor o incapaz",
    "Robo agravado",
    "Secuestro extorsivo",
    "Defraudación a la administración pública",
  ],
  pt: [
    "Homicídio qualificado",
    "Tráfico de drogas",
    "Lavagem de dinheiro",
    "Roubo majorado",
    "Estelionato",
    "Organização criminosa",
  ],
  fr: [
    "Escroquerie en bande organisée",
    "Meurtre",
    "Trafic de stupéfiants",
    "Blanchiment d'argent",
    "Association de malfaiteurs en vue de la préparation d'un crime",
    "Détournement de deniers publics",
  ],
  ar: ["القتل العمد", "الاتجار بالمخدرات", "الاحتيال", "غسل الأموال", "الانتماء إلى جماعة إرهابية", "السرقة بالإكراه"],
  tr: [
    "Silahlı terör örgütüne üye olmak",
    "Kasten öldürme",
    "Nitelikli dolandırıcılık",
    "Uyuşturucu veya uyarıcı madde imal ve ticareti",
    "Suç işlemek amacıyla örgüt kurmak",
  ],
  de: [
    "Betrug",
    "Totschlag",
    "Mord",
    "Bandenmäßiger Handel mit Betäubungsmitteln",
    "Geldwäsche",
    "Steuerhinterziehung",
  ],
  it: [
    "Associazione di tipo mafioso (art. 416 bis c.p.)",
    "Omicidio aggravato",
    "Traffico di sostanze stupefacenti",
    "Estorsione aggravata",
  ],
  en: [
    "Murder",
    "Conspiracy to commit wire fraud",
    "Money laundering",
    "Trafficking in narcotic drugs",
    "Sexual assault of a minor",
    "Armed robbery",
    "Criminal breach of trust",
    "Kidnapping for ransom",
    "Financing of terrorism",
  ],
  in: [
    "Cheating and dishonestly inducing delivery of property (Section 420 IPC)",
    "Criminal conspiracy (Section 120-B IPC)",
    "Murder (Section 302 IPC)",
    "Offences under the Prevention of Money Laundering Act, 2002",
  ],
  "914": ["Crimes against humanity (murder, persecution)", "War crimes (attacking civilians, pillaging)"],
  "916": [
    "Conspiracy aimed at committing a terrorist act",
    "Intentional homicide with premeditation using explosive materials",
  ],
  "922": ["Genocide", "Complicity in genocide", "Extermination as a crime against humanity"],
  UNK: ["War crimes against the civilian population"],
};
const CHARGE_LANG: Record<string, string> = {
  UA: "uk",
  IN: "in",
  PK: "in",
  BD: "in",
  "914": "914",
  "916": "916",
  "922": "922",
  UNK: "UNK",
};
for (const c of Object.keys(RU_CODE)) CHARGE_LANG[c] = "ru";
for (const [lang, codes] of [
  ["es", "SV AR GT HN MX CO VE PE PY BO EC NI DO CU CL UY PA CR ES"],
  ["pt", "BR PT AO MZ CV"],
  ["fr", "FR BE SN CI ML CM CD BF NE TD GN HT MA DZ TN RW BI LU MC"],
  ["ar", "EG IQ SY LB JO SA AE LY YE QA KW OM BH PS SD"],
  ["tr", "TR"],
  ["de", "DE AT CH"],
  ["it", "IT"],
] as const) {
  for (const c of codes.split(" ")) CHARGE_LANG[c] = lang;
}

const MARKS_EN = w(
  "Scar on left cheek, Tattoo on right forearm, Tattoo on neck, Scar on forehead, Mole on right cheek, Missing finger on left hand, Tattoos on both arms"
);
const MARKS_ES = w(
  "Tatuaje en el brazo derecho, Cicatriz en la mejilla izquierda, Tatuajes en el pecho y la espalda, Tatuaje MS en el rostro"
);
const MARKS_RU = w("Шрам на левой щеке, Татуировка на правом плече, Родинка над губой");
const EYES = w("BRO, BROH, BLA, BLU, GRE, GRYG, HAZ");
const HAIRS = w("BLA, BRO, BROH, GRY, BLO, BAL, RED");
const LANGS: Record<Style, string[]> = {
  ru: ["RUS"],
  es: ["SPA"],
  pt: ["POR"],
  ar: ["ARA"],
  tr: ["TUR"],
  in: ["HIN"],
  pk: ["URD"],
  en: ["ENG"],
  af: ["ENG"],
  fr: ["FRE"],
  de: ["GER"],
  it: ["ITA"],
  slav: ["SRP"],
  asia: ["CHI"],
  he: ["HEB"],
};

// ---------------------------------------------------------------------------------------------- one notice

function pad(n: number, len = 2): string {
  return String(n).padStart(len, "0");
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
}

class NoticeMaker {
  private pictureId: number;
  constructor(private readonly rng: Rng, private readonly now: Date, firstPictureId = 60_000_000) {
    this.pictureId = firstPictureId;
  }

  nationality(): string {
    return this.rng.weighted(NAT_CODES, NAT_CUM);
  }

  forename(style: Style, sex: SexId): string {
    const female = sex === "F";
    if (style === "ru") return this.rng.pick(female ? RU_F : RU_M);
    const t = NAMES[style];
    return this.rng.pick(female ? t.f : t.m);
  }

  surname(style: Style, sex: SexId): string {
    const r = this.rng;
    if (style === "ru") {
      const [m, f] = r.pick(RU_SUFFIX);
      return r.pick(RU_STEMS) + (sex === "F" ? f : m);
    }
    const t = NAMES[style];
    const first = r.pick(t.surnames);
    if (t.double && r.chance(t.double)) {
      const second = r.pick(t.surnames);
      if (second !== first) return `${first} ${second}`;
    }
    return first;
  }

  charge(issuer: string): string {
    const r = this.rng;
    const lang = CHARGE_LANG[issuer] ?? "en";
    const pool = lang === "ru" ? CHARGES_RU.map((c) => c.replace("{code}", RU_CODE[issuer] ?? "УК РФ")) : CHARGES[lang];
    const lines = r.sample(pool, r.chance(0.6) ? 1 : r.int(2, 3));
    return lines.join("\r\n");
  }

  dateOfBirth(noticeYear: number): string | null {
    const r = this.rng;
    const x = r.next();
    if (x < 0.03) return null;
    const nowY = this.now.getUTCFullYear();
    // Ages cluster around the mid-forties; nobody is younger than 18 at the time of the notice.
    let age = 19 + Math.floor(((r.next() + r.next() + r.next()) / 3) * 56);
    age = Math.max(age, nowY - noticeYear + 18 + r.int(0, 4));
    const y = nowY - age;
    const m = r.int(1, 12);
    const d = r.int(1, new Date(Date.UTC(y, m, 0)).getUTCDate());
    if (x < 0.045) return `${y}/${pad(m)}`;
    if (x < 0.06) return String(y);
    return `${y}/${pad(m)}/${pad(d)}`;
  }

  warrants(nationalities: string[]): FakeArrestWarrant[] {
    const r = this.rng;
    const n = r.chance(0.9) ? 1 : r.chance(0.9) ? 2 : 3;
    const out: FakeArrestWarrant[] = [];
    for (let i = 0; i < n; i++) {
      let issuer: string;
      const x = r.next();
      if (x < 0.0025) issuer = r.pick(SPECIAL);
      else if (x < 0.82 && nationalities.length > 0) issuer = i === 0 ? nationalities[0] : r.pick(nationalities);
      else issuer = this.nationality();
      out.push({ issuing_country_id: issuer, charge: this.charge(issuer), charge_translation: null });
    }
    return out;
  }

  notice(entityId: string): FakeNotice {
    const r = this.rng;
    const noticeYear = Number(entityId.slice(0, 4));

    let nationalities: string[];
    if (r.chance(0.02)) nationalities = [];
    else {
      nationalities = [this.nationality()];
      if (r.chance(0.05)) {
        const extra = r.chance(0.8) ? 1 : 2;
        while (nationalities.length < 1 + extra) {
          const c = r.weighted(TAIL, TAIL_CUM);
          if (!nationalities.includes(c)) nationalities.push(c);
        }
      }
    }

    const sexX = r.next();
    const sex: SexId = sexX < 0.86 ? "M" : sexX < 0.98 ? "F" : "U";
    const warrants = this.warrants(nationalities);
    const main = nationalities[0] ?? warrants[0].issuing_country_id;
    const style = styleOf(main);

    const fx = r.next();
    const forename = fx < 0.015 ? null : fx < 0.03 ? "-" : this.forename(style, sex);
    const name = r.chance(0.004) ? null : this.surname(style, sex);

    const cobX = r.next();
    const countryOfBirth =
      nationalities.length === 0
        ? cobX < 0.5
          ? null
          : this.nationality()
        : cobX < 0.8
        ? main
        : cobX < 0.9
        ? this.nationality()
        : null;

    const heightX = r.next();
    const height =
      heightX < 0.2 ? 0 : heightX < 0.25 ? null : Math.round(sex === "F" ? r.int(150, 178) : r.int(160, 198)) / 100;
    const weightX = r.next();
    const weight = weightX < 0.35 ? 0 : weightX < 0.4 ? null : r.int(sex === "F" ? 45 : 55, sex === "F" ? 90 : 115);

    let marks: string | null = null;
    if (r.chance(0.15))
      marks = r.pick(style === "es" ? MARKS_ES : style === "ru" && r.chance(0.3) ? MARKS_RU : MARKS_EN);

    const langs = r.chance(0.35) ? null : r.chance(0.15) ? [...LANGS[style], "ENG"] : [...LANGS[style]];
    const eyes = r.chance(0.4) ? null : [r.pick(EYES)];
    const hairs = r.chance(0.4) ? null : [r.pick(HAIRS)];

    let pictures: number[] | undefined;
    if (r.chance(0.6)) {
      pictures = [];
      const k = r.chance(0.7) ? 1 : r.int(2, 3);
      for (let i = 0; i < k; i++) pictures.push((this.pictureId += r.int(1, 400)));
    }

    // A city where we have some, else sometimes just the country's name, as captures show.
    let place: string | null = null;
    if (countryOfBirth && !r.chance(0.08)) {
      const cities = PLACES[countryOfBirth];
      if (cities) place = r.pick(cities);
      else if (r.chance(0.5)) place = (countryName(countryOfBirth) ?? countryOfBirth).toUpperCase();
    }

    const n: FakeNotice = {
      entity_id: entityId,
      forename,
      name,
      date_of_birth: this.dateOfBirth(noticeYear),
      nationalities,
      sex_id: sex,
      arrest_warrants: warrants,
      weight,
      height,
      languages_spoken_ids: langs,
      country_of_birth_id: countryOfBirth,
      distinguishing_marks: marks,
      eyes_colors_id: eyes,
      hairs_id: hairs,
      place_of_birth: place,
    };
    if (pictures) n.pictures = pictures;
    return n;
  }
}

// ---------------------------------------------------------------------------------------------- ids

class IdAllocator {
  private readonly used: Set<string>;
  constructor(private readonly rng: Rng, existing: Iterable<string> = []) {
    this.used = new Set(existing);
  }
  alloc(year: number): string {
    for (;;) {
      const id = `${year}/${pad(this.rng.int(10000, 99999), 5)}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

/** Fixed default "now" so a set depends on its seed alone. */
export const DEFAULT_NOW = new Date("2026-05-15T00:00:00Z");

export interface GenerateOptions {
  count: number;
  seed: number;
  /** Ages and id years are relative to it; default DEFAULT_NOW. */
  now?: Date;
}

export function generateNotices({ count, seed, now = DEFAULT_NOW }: GenerateOptions): FakeNotice[] {
  const rng = new Rng(seed);
  const maker = new NoticeMaker(rng, now);
  const ids = new IdAllocator(rng);
  const lastYear = Math.min(2026, now.getUTCFullYear());
  // Older notices are fewer (expired or withdrawn); the current year is part-way through.
  const years: number[] = [];
  const weights: number[] = [];
  for (let y = 2005; y <= lastYear; y++) {
    years.push(y);
    weights.push(Math.pow(y - 2004, 1.6) * (y === lastYear ? 0.4 : 1));
  }
  const cum = cumulate(weights);
  const out: FakeNotice[] = [];
  for (let i = 0; i < count; i++) out.push(maker.notice(ids.alloc(rng.weighted(years, cum))));
  return out;
}

// ---------------------------------------------------------------------------------------------- helpers

let made = 0;

/** A notice with plain defaults (a Russian man born 1980, one Russian warrant); override what a test needs. */
export function makeNotice(partial: Partial<FakeNotice> = {}): FakeNotice {
  made++;
  return {
    entity_id: `2020/${pad(90000 + made, 5)}`,
    forename: "IVAN",
    name: "PETROV",
    date_of_birth: "1980/01/01",
    nationalities: ["RU"],
    sex_id: "M",
    arrest_warrants: [
      {
        issuing_country_id: "RU",
        charge: "Мошенничество в особо крупном размере\r\n(ч. 4 ст. 159 УК РФ)",
        charge_translation: null,
      },
    ],
    weight: 0,
    height: 0,
    languages_spoken_ids: null,
    country_of_birth_id: "RU",
    distinguishing_marks: null,
    eyes_colors_id: null,
    hairs_id: null,
    place_of_birth: "MOSCOW",
    ...partial,
  };
}

/** Whole years between a date of birth ("YYYY[/MM[/DD]]", partial parts count as the first) and now (UTC). */
export function ageOn(dateOfBirth: string | null, now: Date): number | null {
  const m = dateOfBirth ? /^(\d{4})(?:\/(\d{2}))?(?:\/(\d{2}))?$/.exec(dateOfBirth) : null;
  if (!m) return null;
  const bmd = Number(m[2] ?? 1) * 100 + Number(m[3] ?? 1);
  const nmd = (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
  return now.getUTCFullYear() - Number(m[1]) - (nmd < bmd ? 1 : 0);
}

export interface MutationOptions {
  seed: number;
  remove?: number;
  /** How many notices get one or two fields changed. */
  change?: number;
  add?: number;
  /** How many notices from removedPool come back (unchanged, same entity id). */
  reappear?: number;
  removedPool?: FakeNotice[];
  now?: Date;
}

export interface MutationDescription {
  removed: string[];
  changed: { entity_id: string; fields: string[] }[];
  added: string[];
  reappeared: string[];
}

export interface MutationResult {
  notices: FakeNotice[];
  description: MutationDescription;
  /** The notices taken out, for a later reappearance. */
  removedNotices: FakeNotice[];
}

type Mutator = (n: FakeNotice, r: Rng, maker: NoticeMaker) => void;

// Each edits one detail field the way real notices change: spellings, fuller dates, added warrants, etc.
const MUTATORS: Record<string, Mutator> = {
  name: (n, r, mk) => {
    if (n.name && /Y/.test(n.name) && r.chance(0.5)) n.name = n.name.replace("Y", "I");
    else
      n.name = n.name ? `${n.name} ${mk.surname(styleOf(n.nationalities[0]), n.sex_id)}` : mk.surname("en", n.sex_id);
  },
  forename: (n, r, mk) => {
    const next = mk.forename(styleOf(n.nationalities[0]), n.sex_id);
    n.forename = next === n.forename ? `${next} ${r.pick(["ALEKSANDROVICH", "JOSE", "ALI"])}` : next;
  },
  date_of_birth: (n, r) => {
    const m = n.date_of_birth ? /^(\d{4})(?:\/(\d{2}))?/.exec(n.date_of_birth) : null;
    const y = m ? Number(m[1]) : 1970 + r.int(0, 30);
    const mm = m?.[2] ? Number(m[2]) : r.int(1, 12);
    let d = r.int(1, 28);
    if (n.date_of_birth === `${y}/${pad(mm)}/${pad(d)}`) d = d === 28 ? 27 : d + 1;
    n.date_of_birth = `${y}/${pad(mm)}/${pad(d)}`;
  },
  place_of_birth: (n) => {
    const p = n.place_of_birth;
    n.place_of_birth = p === null ? "UNKNOWN" : p === p.toUpperCase() ? titleCase(p) : p.toUpperCase();
    if (n.place_of_birth === p) n.place_of_birth = `${p} CITY`;
  },
  height: (n, r) => {
    const h = r.int(160, 195) / 100;
    n.height = h === n.height ? h + 0.01 : h;
  },
  weight: (n, r) => {
    const v = r.int(55, 110);
    n.weight = v === n.weight ? v + 1 : v;
  },
  distinguishing_marks: (n, r) => {
    n.distinguishing_marks = n.distinguishing_marks === null ? r.pick(MARKS_EN) : null;
  },
  nationalities: (n, r) => {
    for (;;) {
      const c = r.weighted(TAIL, TAIL_CUM);
      if (!n.nationalities.includes(c)) {
        n.nationalities = [...n.nationalities, c];
        return;
      }
    }
  },
  arrest_warrants: (n, r, mk) => {
    const first = n.arrest_warrants[0];
    if (first && r.chance(0.7)) {
      n.arrest_warrants = [
        { ...first, charge: `${first.charge ?? ""}\r\n${mk.charge(first.issuing_country_id)}` },
        ...n.arrest_warrants.slice(1),
      ];
    } else {
      const issuer = mk.nationality();
      n.arrest_warrants = [
        ...n.arrest_warrants,
        { issuing_country_id: issuer, charge: mk.charge(issuer), charge_translation: null },
      ];
    }
  },
  languages_spoken_ids: (n) => {
    const l = n.languages_spoken_ids ?? [];
    n.languages_spoken_ids = l.includes("ENG") ? l.filter((x) => x !== "ENG") : [...l, "ENG"];
    if (n.languages_spoken_ids.length === 0) n.languages_spoken_ids = null;
  },
  eyes_colors_id: (n, r) => {
    const e = r.pick(EYES);
    n.eyes_colors_id = n.eyes_colors_id?.[0] === e ? null : [e];
  },
  hairs_id: (n, r) => {
    const h = r.pick(HAIRS);
    n.hairs_id = n.hairs_id?.[0] === h ? null : [h];
  },
};
const MUTATOR_NAMES = Object.keys(MUTATORS);
const DETAIL_FIELDS: (keyof FakeNotice)[] = [
  "arrest_warrants",
  "weight",
  "forename",
  "date_of_birth",
  "languages_spoken_ids",
  "nationalities",
  "height",
  "sex_id",
  "country_of_birth_id",
  "name",
  "distinguishing_marks",
  "eyes_colors_id",
  "hairs_id",
  "place_of_birth",
];

/** Detail fields whose values differ between two versions of one notice (JSON equality). */
export function changedFields(a: FakeNotice, b: FakeNotice): string[] {
  return DETAIL_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

/**
 * The next pull's set: some notices removed, some changed, some added, some removed ones back. Pure: returns
 * new objects and says exactly what differs, so a test can check the monitor saw the same.
 */
export function mutateForNextPull(notices: FakeNotice[], opts: MutationOptions): MutationResult {
  const r = new Rng(opts.seed);
  const now = opts.now ?? DEFAULT_NOW;
  const pool = opts.removedPool ?? [];
  let maxPicture = 60_000_000;
  for (const n of [...notices, ...pool]) for (const p of n.pictures ?? []) maxPicture = Math.max(maxPicture, p);
  const maker = new NoticeMaker(r, now, maxPicture + 1000);

  const current = notices.map((n) => structuredClone(n));
  const present = new Set(current.map((n) => n.entity_id));

  const removedNotices = r.sample(current, Math.min(opts.remove ?? 0, current.length));
  const removedIds = new Set(removedNotices.map((n) => n.entity_id));
  let next = current.filter((n) => !removedIds.has(n.entity_id));

  const changed: { entity_id: string; fields: string[] }[] = [];
  for (const n of r.sample(next, Math.min(opts.change ?? 0, next.length))) {
    const before = structuredClone(n);
    for (const f of r.sample(MUTATOR_NAMES, r.chance(0.8) ? 1 : 2)) MUTATORS[f](n, r, maker);
    const fields = changedFields(before, n);
    if (fields.length > 0) changed.push({ entity_id: n.entity_id, fields });
  }

  const candidates = pool.filter((n) => !present.has(n.entity_id));
  const back = r.sample(candidates, Math.min(opts.reappear ?? 0, candidates.length)).map((n) => structuredClone(n));
  next = [...next, ...back];

  const ids = new IdAllocator(r, [...present, ...pool.map((n) => n.entity_id)]);
  const year = Math.min(2026, now.getUTCFullYear());
  const added: FakeNotice[] = [];
  for (let i = 0; i < (opts.add ?? 0); i++) added.push(maker.notice(ids.alloc(year)));
  next = [...next, ...added];

  return {
    notices: next,
    description: {
      removed: removedNotices.map((n) => n.entity_id),
      changed,
      added: added.map((n) => n.entity_id),
      reappeared: back.map((n) => n.entity_id),
    },
    removedNotices,
  };
}
