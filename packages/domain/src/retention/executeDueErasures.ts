import {
  type Actor,
  type AppendError,
  type ErasureDeps,
  type ErasureReceipt,
  eraseSubject,
} from "@privacy-ledger/eventsourcing";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { dueErasures } from "./dueErasures.js";
import { classRules } from "./retentionRules.js";
import type { RetentionSchedule } from "./retentionSchedule.js";
import type { RetentionEntry } from "./scheduleEntry.js";

/** The kernel's erasure failures: the store refused the record, or the request was malformed. */
export type ErasureFailure =
  | AppendError
  | { readonly kind: "InvalidErasureRequest"; readonly message: string };

/** The reason code of an erasure at the end of a retention period (a code, never prose). */
export const RETENTION_EXPIRED = "retention-expired";

export interface DueErasureReceipt {
  readonly entry: RetentionEntry;
  readonly receipt: ErasureReceipt;
}

/** Which due entry failed, why, and what was erased before it (those stay erased). */
export interface DueErasureFailed {
  readonly kind: "DueErasureFailed";
  readonly entry: RetentionEntry;
  readonly cause: ErasureFailure;
  readonly erased: readonly DueErasureReceipt[];
  readonly message: string;
}

/** The kernel's erasure dependencies; the time of the records is `now`, given to `executeDueErasures`. */
export type DueErasureDeps = Omit<ErasureDeps, "clock">;

/**
 * INV-28, P4.1, P4.2, P1.C.2, P1.D.3, GDPR art. 5(1)(e), 17(1)(a): shreds every entry `dueErasures` finds
 * at `now` through the kernel (`eraseSubject`, reason "retention-expired", citing the class's retention
 * clause beside P7.b), in the schedule's order. Stops at the first failure and says which entry; the
 * erasures before it stand. Safe to run again: `eraseSubject` is idempotent, and a schedule folded after
 * this run no longer lists the erased entries.
 */
export const executeDueErasures = async (
  deps: DueErasureDeps,
  schedule: RetentionSchedule,
  now: Date,
  actor: Actor,
): Promise<Either<DueErasureFailed, readonly DueErasureReceipt[]>> => {
  const rules = classRules(schedule.periods);
  const clock = { now: () => now };
  const erased: DueErasureReceipt[] = [];
  for (const entry of dueErasures(schedule, now)) {
    const receipt = await eraseSubject(
      { ...deps, clock },
      {
        subjectId: entry.subjectId,
        retentionClass: entry.retentionClass,
        reason: RETENTION_EXPIRED,
        actor,
        correlationId: entry.key,
        clauses: [rules[entry.retentionClass].erasureClause],
      },
    );
    if (isLeft(receipt))
      return left({
        kind: "DueErasureFailed",
        entry,
        cause: receipt.left,
        erased,
        message: `erasing ${entry.retentionClass} of subject ${entry.subjectId} (entry ${entry.key}, due since ${entry.until}) failed: ${receipt.left.message}`,
      });
    erased.push({ entry, receipt: receipt.right });
  }
  return right(erased);
};
