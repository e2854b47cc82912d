import type { ReadModelReader } from "../../projection/readModel.js";
import type { RetentionEntryRow, RetentionScheduleSchema } from "./retentionScheduleProjection.js";

/** One line of the retention and erasure schedule (P4, INV-27): what is due when, and the holds. */
export interface RetentionScheduleEntry {
  readonly subjectId: string;
  readonly retentionClass: string;
  readonly generation: number;
  readonly trigger: string;
  /** The last instant the data may be kept; null while `condition` holds. */
  readonly until: string | null;
  readonly condition: string | null;
  readonly basis: string;
  readonly clauses: readonly string[];
  /** Art. 17(3)(e): while any is in place the data are not erased. */
  readonly legalHolds: readonly { readonly holdId: string; readonly reason: string }[];
  readonly erased: boolean;
  readonly erasedAt: string | null;
}

const entryOf = (row: RetentionEntryRow): RetentionScheduleEntry => ({
  subjectId: row.subjectId,
  retentionClass: row.retentionClass,
  generation: row.generation,
  trigger: row.trigger,
  until: row.until,
  condition: row.condition,
  basis: row.basis,
  clauses: JSON.parse(row.clauses) as string[],
  legalHolds: JSON.parse(row.legalHolds) as RetentionScheduleEntry["legalHolds"],
  erased: row.erased === 1,
  erasedAt: row.erasedAt,
});

const byKey = (a: RetentionEntryRow, b: RetentionEntryRow) =>
  a.entryKey < b.entryKey ? -1 : a.entryKey > b.entryKey ? 1 : 0;

/**
 * The schedule's entries, of one subject or all: the current entry of each (subject, class), or with
 * `history` also the erased entries of earlier generations.
 */
export const retentionSchedule = async (
  schedule: ReadModelReader<RetentionScheduleSchema>,
  filter: { readonly subjectId?: string; readonly history?: boolean } = {},
): Promise<RetentionScheduleEntry[]> => {
  const rows = await schedule.find("entries", { subjectId: filter.subjectId });
  const current = new Set(
    (await schedule.find("current", { subjectId: filter.subjectId })).map((c) => c.entryKey),
  );
  return rows
    .filter((row) => filter.history === true || current.has(row.entryKey))
    .sort(byKey)
    .map(entryOf);
};

/**
 * Entries due for erasure at `at` (INV-28): not erased, the period over, and no legal hold in place.
 * Earliest first. Entries held past their period are in `retentionSchedule` with their holds.
 */
export const erasuresDue = async (
  schedule: ReadModelReader<RetentionScheduleSchema>,
  at: Date,
): Promise<RetentionScheduleEntry[]> =>
  (await retentionSchedule(schedule))
    .filter(
      (e) =>
        !e.erased && e.until !== null && Date.parse(e.until) <= at.getTime() && e.legalHolds.length === 0,
    )
    .sort((a, b) => Date.parse(a.until!) - Date.parse(b.until!) || (a.subjectId < b.subjectId ? -1 : 1));
