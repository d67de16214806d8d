import { pgSequence } from "drizzle-orm/pg-core";

/**
 * Rises whenever a table the dashboard reads changes (statement triggers in the migration): the
 * dashboard keeps its counts per process until it moves (decision 013). A sequence, not a row, so
 * writers never wait on each other for it.
 */
export const dashboardVersion = pgSequence("dashboard_version", { startWith: 1 });
