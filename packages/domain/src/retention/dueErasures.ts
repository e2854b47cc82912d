import { RETENTION_CLASSES } from "../shared/retentionClasses.js";
import type { RetentionSchedule } from "./retentionSchedule.js";
import type { RetentionEntry } from "./scheduleEntry.js";

const classOrder = (entry: RetentionEntry): number => RETENTION_CLASSES.indexOf(entry.retentionClass);

/** Earliest end first, then by subject id, class (in RETENTION_CLASSES order) and generation. */
const byDueOrder = (a: RetentionEntry, b: RetentionEntry): number =>
  Date.parse(a.until ?? "") - Date.parse(b.until ?? "") ||
  (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0) ||
  classOrder(a) - classOrder(b) ||
  a.generation - b.generation;

/**
 * P4.1, P4.2, P1.C.2, P1.D.3, INV-28, GDPR art. 5(1)(e), 17(1)(a): the entries whose period is over at
 * `now`: `until` has passed (the data may be kept up to and including that instant), no legal hold is in
 * place (Art. 17(3)(e)) and the keys are not destroyed yet. Computed from the events through the
 * schedule, never typed in; in a stable order (earliest end first), so runs are reproducible.
 */
export const dueErasures = (schedule: RetentionSchedule, now: Date): readonly RetentionEntry[] => {
  const at = now.getTime();
  if (Number.isNaN(at)) throw new RangeError("now must be a valid Date");
  return [...schedule.current.values()]
    .map((key) => schedule.entries.get(key))
    .filter(
      (entry): entry is RetentionEntry =>
        entry !== undefined &&
        !entry.erased &&
        entry.until !== null &&
        Date.parse(entry.until) < at &&
        entry.legalHolds.length === 0,
    )
    .sort(byDueOrder);
};
