import type { ErasurePlan } from "../dataSubject/erasurePlan.js";
import { RIGHTS_PURPOSE } from "../dataSubject/events.js";
import type { DeclinedErasure } from "../dataSubject/records.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import { currentEntriesOf, type RetentionSchedule } from "./retentionSchedule.js";
import type { RetentionEntry } from "./scheduleEntry.js";

/** AWR art. 52(4): the provision that keeps billing records (INV-10). */
export const FISCAL_PROVISION = "AWR art. 52(4)";
/** The one purpose kept billing data may still serve (INV-10, Art. 18(2)). */
export const FISCAL_PURPOSE = "fiscal.retention";
/** Art. 17(3)(e): data under a legal hold serve the legal claim and nothing else. */
export const LEGAL_CLAIMS_PURPOSE = "legal.claims";
/** Art. 5(2), Art. 12: the record of the request is what shows the request was handled. */
export const ACCOUNTABILITY_PROVISION = "GDPR art. 5(2), art. 12 (record of the request)";

const holdReasons = (entry: RetentionEntry): string =>
  entry.legalHolds.map((hold) => `legal hold ${hold.holdId}: ${hold.reason}`).join("; ");

/** Whether the fiscal duty (AWR art. 52(4)) still runs at `at`: no end yet (open item), or an end after it. */
const fiscalDutyRuns = (entry: RetentionEntry, at: Date): boolean =>
  entry.until === null || Date.parse(entry.until) > at.getTime();

/**
 * What the law says about one class: undefined to erase it, or why and how it is kept.
 * - Art. 17(3)(b), INV-10, INV-11: billing records within the seven years of AWR art. 52(4) are kept,
 *   restricted to the fiscal purpose. While the duty runs it is the ground, before any legal hold: a held
 *   class under the fiscal duty cites both and has no end (null). After the seven years a hold keeps it
 *   under 17(3)(e), like any other class.
 * - Art. 17(3)(e), INV-28: a class under a legal hold is kept for the claim, with the holds' reasons, until
 *   they are released (null).
 * - Art. 17(3)(b), Art. 5(2), Art. 12, D4: the record of the rights requests is kept (it is what proves
 *   the erasure was handled), restricted to handling the rights.
 */
const keep = (entry: RetentionEntry, at: Date): DeclinedErasure | undefined => {
  const { retentionClass } = entry;
  const held = entry.legalHolds.length > 0;
  if (retentionClass === "fiscal" && fiscalDutyRuns(entry, at))
    return {
      retentionClass,
      ground: "Art. 17(3)(b)",
      provision: held ? `${FISCAL_PROVISION}; ${holdReasons(entry)}` : FISCAL_PROVISION,
      until: held ? null : entry.until,
      restrictedToPurpose: FISCAL_PURPOSE,
    };
  if (held)
    return {
      retentionClass,
      ground: "Art. 17(3)(e)",
      provision: holdReasons(entry),
      until: null,
      restrictedToPurpose: LEGAL_CLAIMS_PURPOSE,
    };
  if (retentionClass === "accountability")
    return {
      retentionClass,
      ground: "Art. 17(3)(b)",
      provision: ACCOUNTABILITY_PROVISION,
      until: entry.until,
      restrictedToPurpose: RIGHTS_PURPOSE,
    };
  return undefined;
};

/**
 * P7.b, INV-10, Art. 17(1), 17(3): the erasure plan for one subject at `at`, computed from the retention
 * schedule (never typed in). Every class the subject still has data in is either erased or declined with
 * its ground, the provision that requires keeping it, until when, and the one purpose left. Classes
 * already erased are not mentioned.
 */
export const planErasure = (schedule: RetentionSchedule, subjectId: string, at: Date): ErasurePlan => {
  if (Number.isNaN(at.getTime())) throw new RangeError("at must be a valid Date");
  const erase: RetentionClass[] = [];
  const declined: DeclinedErasure[] = [];
  let fiscalRetentionEndedAt: string | undefined;
  for (const entry of currentEntriesOf(schedule, subjectId)) {
    if (entry.erased) continue;
    const kept = keep(entry, at);
    if (kept !== undefined) declined.push(kept);
    else {
      erase.push(entry.retentionClass);
      // The decider cannot see the invoices: the plan states the end of the duty it relied on (INV-10).
      if (entry.retentionClass === "fiscal" && entry.until !== null) fiscalRetentionEndedAt = entry.until;
    }
  }
  return fiscalRetentionEndedAt === undefined
    ? { erase, declined }
    : { erase, declined, fiscalRetentionEndedAt };
};
