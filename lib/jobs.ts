// The vocabulary of background jobs, shared by the pages (which ask for jobs and read their
// records), db/queries and the runner (jobs/runner.ts, whose registry in jobs/tasks/index.ts
// gives each id its handler). Ids are stable: they name pg-boss queues, schedules and records.

export const JOB_IDS = ["interpol-pull", "housekeeping", "score-notices", "digest"] as const;
export type JobId = (typeof JOB_IDS)[number];

export const PULL_JOB_ID = "interpol-pull" satisfies JobId;
export const HOUSEKEEPING_JOB_ID = "housekeeping" satisfies JobId;
export const SCORE_JOB_ID = "score-notices" satisfies JobId;
export const DIGEST_JOB_ID = "digest" satisfies JobId;

/** What a person reads for each job. */
export const JOB_LABELS: Record<JobId, string> = {
  "interpol-pull": "Pull from Interpol",
  housekeeping: "Housekeeping",
  "score-notices": "Score notices (indicators)",
  digest: "Weekly digest",
};

/** What started a run: the job's schedule, a request from a page, or the command line. */
export const JOB_TRIGGERS = ["schedule", "manual", "cli"] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

export const JOB_TRIGGER_LABELS: Record<JobTrigger, string> = {
  schedule: "scheduled",
  manual: "requested",
  cli: "command line",
};

/**
 * A run record's status. `retrying`: the attempt failed and another is scheduled; `skipped`:
 * another run of the same job held its lock, so this one did nothing.
 */
export const JOB_RUN_STATUSES = ["running", "retrying", "succeeded", "partial", "failed", "skipped"] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** A job waiting or running in the queue, as pages show it. */
export const QUEUED_JOB_STATES = ["created", "retry", "active"] as const;
export type QueuedJobState = (typeof QUEUED_JOB_STATES)[number];

export function isJobId(value: string): value is JobId {
  return (JOB_IDS as readonly string[]).includes(value);
}

/**
 * What a queued job carries (pg-boss's `data`): who or what asked, and the job's own input.
 * Written by db/queries/jobs.ts (requests from pages) and the runner (schedule ticks).
 */
export interface JobMessage {
  trigger: JobTrigger;
  requestedBy: string | null;
  input: Record<string, unknown>;
  /** The schedule slot (ISO time) a scheduled job belongs to. */
  scheduledFor?: string | null;
}
