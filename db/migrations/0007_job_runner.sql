CREATE TABLE "job_locks" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"acquired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_requests" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "job_requests" CASCADE;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "queue_job_id" uuid;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "requested_by" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "scheduled_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "input" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "attempts" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "max_attempts" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "progress" jsonb;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "attempt_started_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_queue_job_idx" ON "job_runs" USING btree ("queue_job_id");