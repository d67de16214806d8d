// The dashboard filters' names and labels, apart from the schema (which loads country names) so the
// page's client code stays small.
export const DASHBOARD_FILTER_KEYS = ["requesting_country", "host_country", "motive", "tactic", "from", "to", "visibility"] as const;
export type DashboardFilterKey = (typeof DASHBOARD_FILTER_KEYS)[number];

export const DASHBOARD_FILTER_LABELS: Record<DashboardFilterKey, string> = {
  requesting_country: "Requesting country",
  host_country: "Host country",
  motive: "Alleged motive",
  tactic: "Tactic",
  from: "From",
  to: "To",
  visibility: "Visibility",
};

