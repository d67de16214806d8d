// Synthetic decisions for `npm run demo` and the search bench: plausible shapes (forums, outcomes,
// grounds, requesting states, dates, several languages, summaries of 50–150 words, full texts of
// any length), every one marked provenance `fictional` and its citation saying so. Deterministic
// for a seed, so the bench and the demo are the same from run to run.
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { decisions } from "../schema/cases";
import { FORUMS, GROUNDS, OUTCOMES } from "../../lib/taxonomy";

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REQUESTING = ["RU", "CN", "TR", "TJ", "BH", "KZ", "UZ", "AZ", "BY", "EG", "IR", "VE", "AE", "SA", "RW", "IN"];
const HOSTS = ["FR", "DE", "ES", "IT", "GB", "PL", "SE", "NL", "CZ", "PT", "BE", "AT", "CH", "US", "CA", "UA"];
const LANGS = ["en", "en", "en", "fr", "es", "ru", "de", "it", "pt", "tr"] as const;

// Sentences per language: a bank that reads like a court's reasoning, mixed at random.
const BANK: Record<(typeof LANGS)[number], string[]> = {
  en: [
    "The court examined whether the request was made for the purpose of prosecuting the person on account of political opinions.",
    "The evidence of ill-treatment in pre-trial detention was consistent with reports by international monitoring bodies.",
    "The assurances offered by the requesting state were general and could not be verified by an independent mechanism.",
    "The defence produced statements from relatives who had been questioned and threatened by officers of the requesting state.",
    "The charges of fraud and embezzlement arose from a commercial dispute between former business partners.",
    "The person had been recognised as a refugee on account of the same prosecution that underlies the request.",
    "A conviction in absentia without notice of the proceedings and without a right to a retrial cannot found surrender.",
    "The court was not satisfied that the trial would respect the minimum guarantees of a fair hearing.",
    "The red notice had been circulated shortly after the person publicly criticised senior officials.",
    "The prosecution relied on confessions of co-defendants who later said they had been obtained under duress.",
    "The requesting state did not answer the questions put to it about the conditions of detention.",
    "The offences described were ordinary crimes and the political element did not predominate.",
  ],
  fr: [
    "La chambre de l'instruction a recherché si la demande avait été présentée aux fins de poursuivre la personne pour ses opinions politiques.",
    "Les éléments produits font état de mauvais traitements en détention provisoire, confirmés par des rapports internationaux.",
    "Les garanties diplomatiques offertes par l'État requérant demeurent générales et invérifiables.",
    "Les proches de la personne réclamée ont été interrogés et menacés par les autorités de l'État requérant.",
    "Les faits d'escroquerie reprochés trouvent leur origine dans un litige commercial entre associés.",
    "La personne a obtenu le statut de réfugié en raison des poursuites mêmes qui fondent la demande.",
    "Une condamnation par défaut sans droit à un nouveau procès ne peut fonder une remise.",
    "Les garanties fondamentales de procédure et de protection des droits de la défense ne sont pas assurées.",
  ],
  es: [
    "La Sala examinó si la solicitud se había presentado con el fin de perseguir a la persona por sus opiniones políticas.",
    "Consta que los familiares del reclamado fueron interrogados y amenazados por las autoridades del Estado requirente.",
    "Las garantías ofrecidas por el Estado requirente son genéricas y no pueden verificarse.",
    "Los hechos imputados derivan de un conflicto mercantil entre antiguos socios.",
    "Existen razones fundadas para creer que el reclamado sería sometido a tortura o a tratos inhumanos.",
    "La condena en rebeldía sin posibilidad de un nuevo juicio impide la entrega.",
  ],
  ru: [
    "Суд исследовал, не направлен ли запрос на преследование лица за его политические убеждения.",
    "Представленные доказательства свидетельствуют о жестоком обращении в следственных изоляторах.",
    "Дипломатические гарантии запрашивающего государства носят общий характер и не могут быть проверены.",
    "Родственники лица были допрошены и подвергались угрозам со стороны сотрудников запрашивающего государства.",
    "Обвинение в мошенничестве вытекает из хозяйственного спора между бывшими партнёрами.",
    "Лицо признано беженцем в связи с тем же уголовным преследованием.",
  ],
  de: [
    "Das Gericht prüfte, ob das Ersuchen gestellt wurde, um den Verfolgten wegen seiner politischen Anschauungen zu verfolgen.",
    "Die vorgelegten Berichte belegen unmenschliche Behandlung in der Untersuchungshaft.",
    "Die Zusicherungen des ersuchenden Staates sind allgemein gehalten und nicht überprüfbar.",
    "Angehörige des Verfolgten wurden von Beamten des ersuchenden Staates vernommen und bedroht.",
    "Der Vorwurf des Betrugs beruht auf einem Handelsstreit zwischen früheren Geschäftspartnern.",
    "Der Verfolgte ist wegen derselben Verfolgung als Flüchtling anerkannt.",
  ],
  it: [
    "La Corte ha verificato se la richiesta fosse diretta a perseguire la persona per le sue opinioni politiche.",
    "Le relazioni internazionali documentano trattamenti inumani nelle carceri dello Stato richiedente.",
    "Le garanzie offerte dallo Stato richiedente sono generiche e non verificabili.",
    "Il processo non rispetterebbe i diritti fondamentali della difesa.",
  ],
  pt: [
    "O Tribunal apreciou se o pedido foi apresentado para perseguir a pessoa em virtude das suas opiniões políticas.",
    "Os relatórios internacionais descrevem maus-tratos na prisão preventiva.",
    "As garantias oferecidas pelo Estado requerente são genéricas e não verificáveis.",
    "Os factos imputados resultam de um litígio comercial entre antigos sócios.",
  ],
  tr: [
    "Mahkeme, talebin kişiyi siyasi görüşleri nedeniyle kovuşturmak amacıyla yapılıp yapılmadığını incelemiştir.",
    "Uluslararası raporlar tutukevlerinde kötü muamele yapıldığını göstermektedir.",
    "Talep eden devletin verdiği güvenceler genel nitelikte olup denetlenememektedir.",
    "Kişinin yakınları talep eden devletin görevlilerince sorgulanmış ve tehdit edilmiştir.",
  ],
};

const SURNAMES = ["Petrov", "Karimov", "Wang", "Yilmaz", "Rahimov", "Al-Khalifa", "Nazarbayev", "Sadykov", "Huseynov", "Moreno", "Demir", "Li", "Sobirov", "Ivanova"];

export interface SyntheticOptions {
  count: number;
  seed?: number;
  /** Words of full text per decision: [min, max]. */
  fullTextWords?: [number, number];
  /** Words of summary: [min, max]. */
  summaryWords?: [number, number];
  /** Visibility mix: fraction restricted, fraction public (the rest internal). */
  restricted?: number;
  publicShare?: number;
  start?: number;
}

export type SyntheticDecision = typeof decisions.$inferInsert;

function words(r: () => number, bank: string[], target: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < target) {
    const s = bank[Math.floor(r() * bank.length)]!;
    out.push(s);
    n += s.split(" ").length;
  }
  return out.join(" ");
}

/** `count` fictional decisions, from number `start` (citations stay unique across batches). */
export function syntheticDecisions(opts: SyntheticOptions): SyntheticDecision[] {
  const r = rng(opts.seed ?? 7);
  const [fMin, fMax] = opts.fullTextWords ?? [150, 600];
  const [sMin, sMax] = opts.summaryWords ?? [50, 150];
  const out: SyntheticDecision[] = [];
  const pick = <T,>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  for (let i = 0; i < opts.count; i++) {
    const n = (opts.start ?? 0) + i + 1;
    const lang = pick(LANGS);
    const requesting = r() < 0.12 ? null : pick(REQUESTING);
    const forum = pick(FORUMS.keys);
    const outcome = forum === "ccf" ? pick(["notice_deleted", "notice_retained", "notice_updated"] as const) : pick(OUTCOMES.keys);
    const groundCount = 1 + Math.floor(r() * 3);
    const grounds = [...new Set(Array.from({ length: groundCount }, () => pick(GROUNDS.keys)))];
    const year = 1995 + Math.floor(r() * 31);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const precision = r() < 0.6 ? "day" : r() < 0.5 ? "month" : "year";
    const mm = String(month).padStart(2, "0");
    const dd = String(day).padStart(2, "0");
    const decidedOn = precision === "day" ? `${year}-${mm}-${dd}` : precision === "month" ? `${year}-${mm}` : `${year}`;
    const host = forum === "ccf" || forum === "regional_human_rights_court" || forum === "un_treaty_body" ? "INT" : pick(HOSTS);
    const party = pick(SURNAMES);
    const summaryLen = sMin + Math.floor(r() * (sMax - sMin + 1));
    const fullLen = fMin + Math.floor(r() * (fMax - fMin + 1));
    const v = r();
    out.push({
      citation: `[Fictional] Decision D-${String(n).padStart(6, "0")}, ${party} (${requesting ?? "anonymised"})`,
      forum,
      outcome,
      body: `${FORUMS.label(forum)} (fictional)`,
      jurisdiction: host,
      requestingCountry: requesting,
      decidedOn,
      decidedPrecision: precision,
      decidedSort: precision === "day" ? decidedOn : precision === "month" ? `${decidedOn}-01` : `${decidedOn}-01-01`,
      grounds,
      legalProvisions: pick([["ECHR art. 3"], ["ECHR art. 3", "ECHR art. 6"], ["INTERPOL Constitution art. 3"], ["Refugee Convention art. 33"], []]),
      summary: `Fictional decision for demonstration. ${words(r, BANK.en, summaryLen)}`,
      fullText: `${party}. ${words(r, BANK[lang], fullLen)}`,
      language: lang,
      visibility: v < (opts.restricted ?? 0.05) ? "restricted" : v < (opts.restricted ?? 0.05) + (opts.publicShare ?? 0.3) ? "public" : "internal",
      provenance: "fictional",
    });
  }
  return out;
}

/** The demo's few hundred fictional decisions; a second run adds nothing. */
export async function loadDemoDecisions(db: Db, count = 300): Promise<number> {
  const rows = syntheticDecisions({ count, seed: 11 });
  let added = 0;
  for (let i = 0; i < rows.length; i += 100) {
    const inserted = await db
      .insert(decisions)
      .values(rows.slice(i, i + 100))
      .onConflictDoNothing({ target: decisions.citation })
      .returning({ id: decisions.id });
    added += inserted.length;
  }
  // So the demo's search is planned on real statistics (PGlite has no autovacuum to do it).
  await db.execute(sql`analyze decisions`);
  return added;
}
