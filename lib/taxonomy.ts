// The controlled vocabularies of docs/taxonomy.md, declared once. Cases, timelines, decisions,
// charts, filters, imports and digests all derive their lists, labels and validation from here,
// so that they count the same things. Keys are stable identifiers stored in the database; labels
// are for people and may be reworded. Never rename a key: add a new one.
import { z } from "zod";

export interface Term {
  key: string;
  label: string;
  /** A longer explanation, shown as a hint. */
  description?: string;
  /** The group a term belongs to (tactic families). */
  family?: string;
}

type Terms = readonly Term[];

function vocabulary<const T extends Terms>(name: string, title: string, terms: T) {
  const byKey = new Map<string, Term>(terms.map((t) => [t.key, t]));
  const keys = terms.map((t) => t.key) as unknown as readonly [T[number]["key"], ...T[number]["key"][]];
  return {
    name,
    title,
    terms,
    keys,
    has: (key: unknown): key is T[number]["key"] => typeof key === "string" && byKey.has(key),
    /** The label for a key; an unknown key (e.g. added later by an admin) shows as itself. */
    label: (key: string) => byKey.get(key)?.label ?? key,
    get: (key: string) => byKey.get(key),
    /** A zod enum of the keys, with a message that names the vocabulary. */
    schema: () => z.enum(keys as unknown as [string, ...string[]], { message: `Choose a ${title.toLowerCase()}.` }),
  };
}

export type Vocabulary = ReturnType<typeof vocabulary>;

// Alleged political motive: why a person is pursued (several may apply).
export const MOTIVES = vocabulary("motive", "Alleged political motive", [
  { key: "political_opposition", label: "Political opposition" },
  { key: "journalism_media", label: "Journalism and media" },
  { key: "human_rights_defence", label: "Human rights defence" },
  { key: "legal_aid_to_targets", label: "Legal aid to targets" },
  { key: "anti_corruption_whistleblowing", label: "Anti-corruption and whistleblowing" },
  { key: "ethnic_or_religious_minority", label: "Ethnic or religious minority" },
  { key: "self_determination_advocacy", label: "Self-determination advocacy" },
  { key: "former_insider_or_elite_fallout", label: "Former insider or elite fallout" },
  { key: "business_or_asset_dispute", label: "Business or asset dispute" },
  {
    key: "coerced_testimony",
    label: "Coerced testimony",
    description: "Pressure to testify in another case, as with \"H\" and the Sun Lijun purge.",
  },
  { key: "diaspora_activism", label: "Diaspora activism" },
  { key: "family_association", label: "Family association" },
  { key: "artistic_or_academic_expression", label: "Artistic or academic expression" },
  { key: "unknown_or_disputed", label: "Unknown or disputed" },
] as const);

export const TACTIC_FAMILIES = vocabulary("tactic_family", "Tactic family", [
  { key: "interpol_channels", label: "Interpol channels" },
  { key: "legal_pressure", label: "Legal pressure" },
  { key: "host_state_cooperation", label: "Host-state cooperation" },
  { key: "direct_action", label: "Direct action" },
  { key: "coercion_by_proxy", label: "Coercion by proxy" },
  { key: "digital", label: "Digital" },
  { key: "mobility", label: "Mobility" },
] as const);

// Coercion tactics: what was done (several may apply), grouped by Freedom House's families.
export const TACTICS = vocabulary("tactic", "Coercion tactic", [
  { key: "red_notice", label: "Red notice", family: "interpol_channels" },
  { key: "diffusion", label: "Diffusion", family: "interpol_channels" },
  { key: "other_notice", label: "Other notice", family: "interpol_channels" },
  { key: "reissued_after_deletion", label: "Reissued after deletion", family: "interpol_channels" },
  { key: "notice_timed_to_travel", label: "Notice timed to travel", family: "interpol_channels" },
  { key: "extradition_request", label: "Extradition request", family: "legal_pressure" },
  { key: "trial_in_absentia", label: "Trial in absentia", family: "legal_pressure" },
  { key: "reopened_charges", label: "Reopened charges", family: "legal_pressure" },
  { key: "asset_freeze_or_seizure", label: "Asset freeze or seizure", family: "legal_pressure" },
  { key: "passport_cancelled", label: "Passport cancelled", family: "legal_pressure" },
  { key: "domestic_wanted_list", label: "Domestic wanted list", family: "legal_pressure" },
  { key: "detained_in_host_state", label: "Detained in host state", family: "host_state_cooperation" },
  { key: "immigration_detention", label: "Immigration detention", family: "host_state_cooperation" },
  { key: "unlawful_deportation", label: "Unlawful deportation", family: "host_state_cooperation" },
  { key: "rendition", label: "Rendition", family: "host_state_cooperation" },
  { key: "visa_or_residence_denied", label: "Visa or residence denied", family: "host_state_cooperation" },
  { key: "border_stop", label: "Border stop", family: "host_state_cooperation" },
  { key: "assault", label: "Assault", family: "direct_action" },
  { key: "abduction", label: "Abduction", family: "direct_action" },
  { key: "assassination_attempt", label: "Assassination attempt", family: "direct_action" },
  { key: "surveillance_or_stalking", label: "Surveillance or stalking", family: "direct_action" },
  { key: "agents_sent_abroad", label: "Agents sent abroad", family: "direct_action" },
  { key: "lured_to_third_country", label: "Lured to a third country", family: "direct_action" },
  { key: "relative_detained", label: "Relative detained", family: "coercion_by_proxy" },
  { key: "relative_threatened_or_interrogated", label: "Relative threatened or interrogated", family: "coercion_by_proxy" },
  { key: "relative_sent_to_persuade", label: "Relative sent to persuade", family: "coercion_by_proxy" },
  {
    key: "intermediary_pressure",
    label: "Intermediary pressure",
    family: "coercion_by_proxy",
    description: "A go-between, e.g. a famous acquaintance phoning on the state's behalf.",
  },
  { key: "collective_punishment", label: "Collective punishment", family: "coercion_by_proxy" },
  { key: "relatives_exit_ban", label: "Relatives' exit ban", family: "coercion_by_proxy" },
  { key: "online_threats", label: "Online threats", family: "digital" },
  { key: "spyware_or_hacking", label: "Spyware or hacking", family: "digital" },
  { key: "smear_campaign", label: "Smear campaign", family: "digital" },
  { key: "passport_revoked", label: "Passport revoked", family: "mobility" },
  { key: "travel_document_flagged", label: "Travel document flagged", family: "mobility" },
] as const);

// Status: four separate axes, never one field.
export const ALERT_STATUSES = vocabulary("alert_status", "Alert status", [
  { key: "suspected", label: "Suspected" },
  { key: "active", label: "Active" },
  { key: "suspended_pending_review", label: "Suspended pending review" },
  { key: "deleted_by_ccf", label: "Deleted by the CCF" },
  { key: "deleted_ncb_no_response", label: "Deleted: NCB did not respond" },
  {
    key: "deleted_by_source",
    label: "Deleted by the requesting state",
    description: "No ruling on the merits; may come back.",
  },
  { key: "retained_compliant", label: "Retained as compliant" },
  { key: "retained_with_update", label: "Retained with an update" },
  { key: "refused_at_issuance", label: "Refused at issuance" },
  { key: "reissued", label: "Reissued" },
  { key: "unknown", label: "Unknown" },
] as const);

export const LIBERTY_STATUSES = vocabulary("liberty_status", "Liberty status", [
  { key: "at_liberty", label: "At liberty" },
  { key: "travel_restricted", label: "Travel restricted" },
  { key: "provisionally_arrested", label: "Provisionally arrested" },
  { key: "released_on_conditions", label: "Released on conditions" },
  { key: "immigration_detention", label: "Immigration detention" },
  { key: "extradited", label: "Extradited" },
  { key: "deported_or_rendered", label: "Deported or rendered" },
  { key: "returned_under_pressure", label: "Returned under pressure" },
  { key: "resettled_third_country", label: "Resettled in a third country" },
  { key: "deceased", label: "Deceased" },
  { key: "unknown", label: "Unknown" },
] as const);

export const EXTRADITION_OUTCOMES = vocabulary("extradition_outcome", "Extradition outcome", [
  { key: "none_requested", label: "None requested" },
  { key: "pending", label: "Pending" },
  { key: "approved_by_court", label: "Approved by a court" },
  { key: "refused_by_court", label: "Refused by a court" },
  { key: "refused_by_executive", label: "Refused by the executive" },
  { key: "decree_annulled", label: "Decree annulled" },
  { key: "reversed_on_appeal", label: "Reversed on appeal" },
  { key: "withdrawn_by_requesting_state", label: "Withdrawn by the requesting state" },
  { key: "executed", label: "Executed (person extradited)" },
  { key: "unknown", label: "Unknown" },
] as const);

export const PROTECTION_STATUSES = vocabulary("protection_status", "Protection status", [
  { key: "none", label: "None" },
  { key: "asylum_pending", label: "Asylum pending" },
  { key: "refugee_recognised", label: "Refugee recognised" },
  { key: "subsidiary_protection", label: "Subsidiary protection" },
  { key: "citizen_of_host", label: "Citizen of the host state" },
  { key: "protected_elsewhere", label: "Protected elsewhere" },
  { key: "unknown", label: "Unknown" },
] as const);

/** The four status axes of a case, in display order, with their column names. */
export const STATUS_AXES = [
  { key: "alert_status", column: "alertStatus", vocabulary: ALERT_STATUSES },
  { key: "liberty_status", column: "libertyStatus", vocabulary: LIBERTY_STATUSES },
  { key: "extradition_outcome", column: "extraditionOutcome", vocabulary: EXTRADITION_OUTCOMES },
  { key: "protection_status", column: "protectionStatus", vocabulary: PROTECTION_STATUSES },
] as const;

// Decision forum (who decided) and outcome.
export const FORUMS = vocabulary("forum", "Decision forum", [
  { key: "extradition_court", label: "Extradition court" },
  { key: "appeal_court", label: "Appeal court" },
  { key: "supreme_or_constitutional_court", label: "Supreme or constitutional court" },
  { key: "executive", label: "Executive (government or minister)" },
  { key: "ccf", label: "Commission for the Control of INTERPOL's Files (CCF)" },
  { key: "interpol_general_secretariat", label: "Interpol General Secretariat" },
  { key: "asylum_authority", label: "Asylum authority" },
  { key: "immigration_court", label: "Immigration court" },
  { key: "regional_human_rights_court", label: "Regional human rights court" },
  { key: "un_treaty_body", label: "UN treaty body" },
  { key: "other", label: "Other" },
] as const);

export const OUTCOMES = vocabulary("outcome", "Decision outcome", [
  { key: "extradition_refused", label: "Extradition refused" },
  { key: "extradition_approved", label: "Extradition approved" },
  { key: "decree_annulled", label: "Decree annulled" },
  { key: "release_ordered", label: "Release ordered" },
  { key: "detention_upheld", label: "Detention upheld" },
  { key: "notice_deleted", label: "Notice deleted" },
  { key: "notice_retained", label: "Notice retained" },
  { key: "notice_updated", label: "Notice updated" },
  { key: "notice_refused", label: "Notice refused" },
  { key: "asylum_granted", label: "Asylum granted" },
  { key: "asylum_refused", label: "Asylum refused" },
  { key: "interim_measures", label: "Interim measures" },
  { key: "violation_found", label: "Violation found" },
  { key: "no_violation", label: "No violation" },
  { key: "other", label: "Other" },
] as const);

// Decision grounds: what a court or the CCF relied on (the facets lawyers search by).
export const GROUNDS = vocabulary("ground", "Decision ground", [
  {
    key: "political_character",
    label: "Political character of the request",
    description: "Interpol Art. 3 predominance test; ECE Art. 3(1); French CPP art. 696-4 2°.",
  },
  { key: "persecution_protected_grounds", label: "Persecution on protected grounds" },
  {
    key: "refugee_status_or_non_refoulement",
    label: "Refugee status or non-refoulement",
    description: "Including Interpol's refugee policy.",
  },
  {
    key: "torture_or_ill_treatment_risk",
    label: "Risk of torture or ill-treatment",
    description: "ECHR Art. 3; Interpol Art. 2.",
  },
  { key: "fair_trial_risk", label: "Risk of an unfair trial" },
  { key: "trial_in_absentia", label: "Trial in absentia" },
  { key: "diplomatic_assurances_assessed", label: "Diplomatic assurances assessed" },
  { key: "ne_bis_in_idem", label: "Ne bis in idem (double jeopardy)" },
  { key: "prior_acquittal_reopened", label: "Prior acquittal reopened" },
  { key: "statute_of_limitations", label: "Statute of limitations" },
  { key: "dual_criminality", label: "Dual criminality" },
  { key: "insufficient_seriousness", label: "Insufficient seriousness" },
  { key: "private_or_commercial_dispute", label: "Private or commercial dispute" },
  { key: "insufficient_description_of_charges", label: "Insufficient description of the charges" },
  { key: "nationality_of_person", label: "Nationality of the person" },
  { key: "military_or_fiscal_offence", label: "Military or fiscal offence" },
  { key: "death_penalty_or_public_order", label: "Death penalty or public order" },
  { key: "requesting_state_inaction", label: "Requesting state's inaction" },
  { key: "misuse_of_interpol_channels", label: "Misuse of Interpol's channels" },
  { key: "humanitarian_or_health", label: "Humanitarian or health grounds" },
  { key: "identity_or_evidence_insufficient", label: "Identity or evidence insufficient" },
  { key: "other", label: "Other" },
] as const);

// Sources.
export const SOURCE_KINDS = vocabulary("source_kind", "Source kind", [
  { key: "media", label: "Media" },
  { key: "court_record", label: "Court record" },
  { key: "ngo_report", label: "NGO report" },
  { key: "government_statement", label: "Government statement" },
  { key: "interpol_record", label: "Interpol record" },
  { key: "interview", label: "Interview" },
  { key: "other", label: "Other" },
] as const);

export const RELIABILITY = vocabulary("reliability", "Reliability", [
  { key: "confirmed", label: "Confirmed" },
  { key: "reliable", label: "Reliable" },
  { key: "plausible", label: "Plausible" },
  { key: "doubtful", label: "Doubtful" },
  { key: "unknown", label: "Unknown" },
] as const);

// Case timeline event kinds: procedural steps, then the coercion tactics (so a relative's
// detention on the timeline counts as the same thing as the tactic on the case).
export const PROCEDURAL_EVENT_KINDS = vocabulary("procedural_event", "Procedural event", [
  { key: "notice_issued", label: "Notice issued" },
  { key: "notice_published", label: "Notice published" },
  { key: "notice_removed", label: "Notice removed" },
  { key: "diffusion_circulated", label: "Diffusion circulated" },
  { key: "arrest", label: "Arrest" },
  { key: "detention", label: "Detention" },
  { key: "release", label: "Release" },
  { key: "hearing", label: "Hearing" },
  { key: "decision", label: "Decision" },
  { key: "extradition_request", label: "Extradition request" },
  { key: "asylum_claim", label: "Asylum claim" },
  { key: "ccf_complaint", label: "Complaint to the CCF" },
  { key: "deadline", label: "Deadline" },
  { key: "other", label: "Other" },
] as const);

export const TIMELINE_EVENT_KINDS = vocabulary("timeline_event", "Timeline event", [
  ...PROCEDURAL_EVENT_KINDS.terms.map((t) => ({ ...t, family: "procedure" })),
  ...TACTICS.terms.filter((t) => !PROCEDURAL_EVENT_KINDS.has(t.key)),
] as const);

export const VOCABULARIES = {
  motive: MOTIVES,
  tactic: TACTICS,
  tactic_family: TACTIC_FAMILIES,
  alert_status: ALERT_STATUSES,
  liberty_status: LIBERTY_STATUSES,
  extradition_outcome: EXTRADITION_OUTCOMES,
  protection_status: PROTECTION_STATUSES,
  forum: FORUMS,
  outcome: OUTCOMES,
  ground: GROUNDS,
  source_kind: SOURCE_KINDS,
  reliability: RELIABILITY,
  timeline_event: TIMELINE_EVENT_KINDS,
} as const;

export type Motive = (typeof MOTIVES.keys)[number];
export type Tactic = (typeof TACTICS.keys)[number];
export type TacticFamily = (typeof TACTIC_FAMILIES.keys)[number];
export type AlertStatus = (typeof ALERT_STATUSES.keys)[number];
export type LibertyStatus = (typeof LIBERTY_STATUSES.keys)[number];
export type ExtraditionOutcome = (typeof EXTRADITION_OUTCOMES.keys)[number];
export type ProtectionStatus = (typeof PROTECTION_STATUSES.keys)[number];
export type Forum = (typeof FORUMS.keys)[number];
export type Outcome = (typeof OUTCOMES.keys)[number];
export type Ground = (typeof GROUNDS.keys)[number];
export type SourceKind = (typeof SOURCE_KINDS.keys)[number];
export type Reliability = (typeof RELIABILITY.keys)[number];

/** The family of a tactic key (`relative_detained` → `coercion_by_proxy`). */
export function tacticFamily(tactic: string): string | undefined {
  return TACTICS.get(tactic)?.family;
}
