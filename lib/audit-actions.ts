// The audit log's actions, declared once: each code (what is stored) with a label (for filters)
// and a sentence (for reading: "Anna Smith signed in"). Sentences are parts: text, and references
// to the actor and the target, which pages render as names linking to the record. A code not
// declared here still shows, as its code; add it here when you add an audit() call.
import { isRole, ROLE_LABELS } from "./roles";

export type SentencePart = string | { ref: "actor" } | { ref: "target" };
type Details = Record<string, unknown>;

export interface AuditActionInfo {
  label: string;
  sentence: (d: Details) => SentencePart[];
}

const ACTOR = { ref: "actor" } as const;
const TARGET = { ref: "target" } as const;

const role = (v: unknown) => (isRole(v) ? ROLE_LABELS[v].toLowerCase() : String(v ?? "?"));
const sessions = (d: Details) => {
  const n = Number(d.sessionsEnded);
  return Number.isFinite(n) && n > 0 ? ` (${n === 1 ? "1 session ended" : `${n.toLocaleString("en")} sessions ended`})` : "";
};
const text = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : String(v));
const onOff = (v: unknown) => (v === true ? "on" : v === false ? "off" : text(v));

const SETTING_NAMES: Record<string, string> = { requireTwoFactor: "two-factor sign-in for everyone" };

export const AUDIT_ACTIONS = {
  "auth.sign_in": {
    label: "Signed in",
    sentence: (d) => [ACTOR, d.twoFactor ? " signed in with two-factor" : " signed in"],
  },
  "auth.sign_in_failed": {
    label: "Sign-in failed",
    sentence: (d) => [`A sign-in as ${text(d.email)} failed`, d.reason ? ` (${text(d.reason)})` : ""],
  },
  "auth.sign_in_throttled": {
    label: "Sign-in paused after failures",
    sentence: (d) => [`Sign-in as ${text(d.email)} was paused after repeated failures`],
  },
  "auth.sign_out": { label: "Signed out", sentence: () => [ACTOR, " signed out"] },
  "setup.completed": { label: "First-run setup completed", sentence: () => [ACTOR, " completed the first-run setup"] },
  "user.created": {
    label: "Account created",
    sentence: (d) => [
      "The account of ",
      TARGET,
      ` was created as ${role(d.role)}`,
      d.via === "setup" ? " at first-run setup" : d.via === "cli" ? " from the command line" : d.via === "invite" ? " from an invitation" : "",
    ],
  },
  "user.invited": {
    label: "Invitation created",
    sentence: (d) => [ACTOR, ` invited ${text(d.email)} as ${role(d.role)}`],
  },
  "invite.replaced": {
    label: "Invitation replaced",
    sentence: (d) => [ACTOR, ` replaced the pending invitation of ${text(d.email)} with a new link`],
  },
  "invite.accepted": { label: "Invitation accepted", sentence: () => [ACTOR, " accepted the invitation for ", TARGET] },
  "invite.revoked": { label: "Invitation revoked", sentence: () => [ACTOR, " revoked the invitation for ", TARGET] },
  "user.role_changed": {
    label: "Role changed",
    sentence: (d) => [ACTOR, " changed the role of ", TARGET, ` from ${role(d.from)} to ${role(d.to)}`],
  },
  "user.deactivated": { label: "Account deactivated", sentence: (d) => [ACTOR, " deactivated ", TARGET, sessions(d)] },
  "user.reactivated": { label: "Account reactivated", sentence: () => [ACTOR, " reactivated ", TARGET] },
  "session.revoked": { label: "Session ended", sentence: () => [ACTOR, " ended a session of ", TARGET] },
  "session.revoked_all": { label: "All sessions ended", sentence: (d) => [ACTOR, " ended every session of ", TARGET, sessions(d)] },
  "user.totp_reset": { label: "Two-factor reset", sentence: () => [ACTOR, " turned off two-factor sign-in for ", TARGET] },
  "user.totp_enabled": { label: "Two-factor turned on", sentence: () => [ACTOR, " turned on two-factor sign-in"] },
  "user.totp_disabled": { label: "Two-factor turned off", sentence: () => [ACTOR, " turned off two-factor sign-in"] },
  "user.name_changed": {
    label: "Name changed",
    sentence: (d) => [ACTOR, ` changed their name from “${text(d.from)}” to “${text(d.to)}”`],
  },
  "user.password_changed": { label: "Password changed", sentence: (d) => [ACTOR, " changed their password", sessions(d)] },
  "user.password_change_failed": {
    label: "Password change refused",
    sentence: () => [ACTOR, " tried to change their password but gave a wrong current password"],
  },
  "settings.changed": {
    label: "Setting changed",
    sentence: (d) => [ACTOR, " turned ", onOff(d.to), " ", TARGET],
  },
  "export.notices_csv": { label: "Notices exported (CSV)", sentence: () => [ACTOR, " exported notices as CSV"] },
  "export.dashboard_csv": {
    label: "Dashboard chart exported (CSV)",
    sentence: (d) => [ACTOR, ` exported the dashboard chart ${text(d.chart)} as CSV`],
  },
  "indicator.confirmed": {
    label: "Flagged notice confirmed",
    sentence: () => [ACTOR, " confirmed flagged notice ", TARGET, " as worth a case"],
  },
  "indicator.dismissed": {
    label: "Flagged notice dismissed",
    sentence: (d) => [ACTOR, " dismissed flagged notice ", TARGET, d.note ? `: “${text(d.note)}”` : ""],
  },
  "indicator.rules_changed": {
    label: "Indicator rules changed",
    sentence: (d) => [ACTOR, ` saved indicator rules version ${text(d.version)}`, d.note ? ` (“${text(d.note)}”)` : ""],
  },
  "export.notice_capture": { label: "Evidence downloaded", sentence: () => [ACTOR, " downloaded a capture of notice ", TARGET] },
  "export.notice_evidence": { label: "Evidence bundle exported", sentence: () => [ACTOR, " exported the evidence bundle of notice ", TARGET] },
  "feed.token_created": { label: "Feed address created", sentence: () => [ACTOR, " created a personal feed address"] },
  "feed.token_revoked": { label: "Feed turned off", sentence: () => [ACTOR, " turned off their feed"] },
  "export.decisions_csv": { label: "Precedents exported (CSV)", sentence: () => [ACTOR, " exported precedents as CSV"] },
  "decisions.imported": {
    label: "Decisions imported",
    sentence: (d) => [
      ...(d.via === "cli" ? ["Decisions were imported from the command line"] : [ACTOR, " imported decisions"]),
      ` (${text(d.created)} new, ${text(d.updated)} updated)`,
    ],
  },
  "decision.created": { label: "Decision added", sentence: () => [ACTOR, " added the decision ", TARGET] },
  "decision.updated": { label: "Decision edited", sentence: () => [ACTOR, " edited the decision ", TARGET] },
  "decision.deleted": { label: "Decision deleted", sentence: () => [ACTOR, " deleted the decision ", TARGET] },
  "decision.restored": { label: "Decision restored", sentence: () => [ACTOR, " restored the decision ", TARGET] },
  "pull.requested": { label: "Pull requested", sentence: () => [ACTOR, " asked for a pull from Interpol"] },
  "case.created": { label: "Case created", sentence: () => [ACTOR, " recorded case ", TARGET] },
  "case.updated": {
    label: "Case changed",
    sentence: (d) => [ACTOR, " changed case ", TARGET, Array.isArray(d.fields) && d.fields.length ? ` (${d.fields.join(", ")})` : ""],
  },
  "case.deleted": { label: "Case deleted", sentence: () => [ACTOR, " deleted case ", TARGET] },
  "case.restored": { label: "Case restored", sentence: () => [ACTOR, " restored case ", TARGET] },
  "case.viewed_restricted": { label: "Restricted case viewed", sentence: () => [ACTOR, " viewed restricted information in case ", TARGET] },
  "case.shared": { label: "Case shared", sentence: () => [ACTOR, " shared case ", TARGET, " with a user"] },
  "case.unshared": { label: "Case share removed", sentence: () => [ACTOR, " stopped sharing case ", TARGET, " with a user"] },
  "case_event.created": { label: "Timeline event added", sentence: () => [ACTOR, " added a timeline event to case ", TARGET] },
  "case_event.updated": { label: "Timeline event changed", sentence: () => [ACTOR, " changed a timeline event of case ", TARGET] },
  "case_event.deleted": { label: "Timeline event deleted", sentence: () => [ACTOR, " deleted a timeline event of case ", TARGET] },
  "case_alert.created": { label: "Alert added", sentence: () => [ACTOR, " added an alert to case ", TARGET] },
  "case_alert.updated": { label: "Alert changed", sentence: () => [ACTOR, " changed an alert of case ", TARGET] },
  "case_alert.deleted": { label: "Alert deleted", sentence: () => [ACTOR, " deleted an alert of case ", TARGET] },
  "case_actor.created": { label: "Actor added", sentence: () => [ACTOR, " added an actor to case ", TARGET] },
  "case_actor.updated": { label: "Actor changed", sentence: () => [ACTOR, " changed an actor of case ", TARGET] },
  "case_actor.deleted": { label: "Actor deleted", sentence: () => [ACTOR, " deleted an actor of case ", TARGET] },
  "source.created": { label: "Source added", sentence: () => [ACTOR, " added a source to case ", TARGET] },
  "source.updated": { label: "Source changed", sentence: () => [ACTOR, " changed a source of case ", TARGET] },
  "record.shared": { label: "Record shared", sentence: () => [ACTOR, " shared a record with a user"] },
  "cases.imported": {
    label: "Cases imported",
    sentence: (d) => [ACTOR, ` imported cases (${text(d.created)} created, ${text(d.updated)} updated)`],
  },
  "export.cases_csv": { label: "Cases exported (CSV)", sentence: (d) => [ACTOR, ` exported cases as CSV (${text(d.include)})`] },
  "export.cases_json": { label: "Cases exported (JSON)", sentence: (d) => [ACTOR, ` exported cases as JSON (${text(d.include)})`] },
  "export.cases_ftm": { label: "Cases exported (FollowTheMoney)", sentence: (d) => [ACTOR, ` exported cases as FollowTheMoney (${text(d.include)})`] },
  "digest.settings_changed": { label: "Digest settings changed", sentence: (d) => [ACTOR, d.paused ? " paused their weekly digest" : " changed their weekly digest"] },
  "digest.unsubscribed": {
    label: "Unsubscribed from the digest",
    sentence: (d) => [`${text(d.recipient)} unsubscribed from the weekly digest with the link in it`],
  },
  "digest.recipient_added": { label: "Digest recipient added", sentence: (d) => [ACTOR, ` added ${text(d.email)} as an external digest recipient`] },
  "digest.recipient_removed": { label: "Digest recipient removed", sentence: (d) => [ACTOR, ` removed ${text(d.email)} from the digest recipients`] },
  "digest.resend_requested": { label: "Digest sent again", sentence: (d) => [ACTOR, ` asked to send the ${text(d.period)} digest to ${text(d.email)} again`] },
} satisfies Record<string, AuditActionInfo>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** Families of actions (the part before the dot), for "any … event" in the filter. */
export const AUDIT_GROUPS: Record<string, string> = {
  "auth.": "Any sign-in event",
  "setup.": "Any setup event",
  "user.": "Any account event",
  "invite.": "Any invitation event",
  "session.": "Any session event",
  "settings.": "Any settings change",
  "export.": "Any export",
  "feed.": "Any feed event",
  "pull.": "Any pull request",
  "case.": "Any case change or view",
  "case_event.": "Any timeline change",
  "case_alert.": "Any alert change",
  "case_actor.": "Any actor change",
  "source.": "Any source change",
  "cases.": "Any case import",
  "decision.": "Any decision change",
  "decisions.": "Any decision import",
  "digest.": "Any digest event",
};

/** What a record referred to by an audit entry is, in words, for the "About" filter. */
export const AUDIT_TARGET_TYPES: Record<string, string> = {
  user: "An account",
  invite: "An invitation",
  notice: "A notice",
  setting: "A setting",
  job_request: "A pull request",
  case: "A case",
  decision: "A decision",
  source: "A source",
  digest_delivery: "A digest delivery",
  digest_recipient: "A digest recipient",
};

export function auditActionInfo(action: string): AuditActionInfo | undefined {
  return Object.prototype.hasOwnProperty.call(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action as AuditAction] : undefined;
}

export function auditActionLabel(action: string): string {
  return auditActionInfo(action)?.label ?? action;
}

/** The sentence for an entry; an undeclared action reads "<actor>: <code>". */
export function auditSentence(action: string, details: Details): SentencePart[] {
  const info = auditActionInfo(action);
  return info ? info.sentence(details) : [ACTOR, `: ${action}`];
}

export const SETTING_LABELS = SETTING_NAMES;
