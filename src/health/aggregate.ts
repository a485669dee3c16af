/**
 * kstatus's aggregation (cli-utils pkg/kstatus/polling/aggregator): any
 * Failed → Failed; else any Unknown → Unknown; else all equal to the desired
 * status → desired; else InProgress. An empty set is the desired status.
 */
import type { Status } from "./status.ts";

export function aggregateStatus(statuses: Iterable<Status | { status: Status }>, desired: Status = "Current"): Status {
  let any = false;
  let allDesired = true;
  let anyUnknown = false;
  for (const item of statuses) {
    const s = typeof item === "string" ? item : item.status;
    any = true;
    if (s === "Failed") return "Failed";
    if (s === "Unknown") anyUnknown = true;
    if (s !== desired) allDesired = false;
  }
  if (!any) return desired;
  if (anyUnknown) return "Unknown";
  return allDesired ? desired : "InProgress";
}
