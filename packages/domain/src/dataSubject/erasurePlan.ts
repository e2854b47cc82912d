import type { RetentionClass } from "../shared/retentionClasses.js";
import type { DeclinedErasure } from "./records.js";

/**
 * What an erasure request does to each retention class the subject has data in (P7.b, INV-10): shred it,
 * or keep it because the law requires it, restricted to the purpose that requires it. `planErasure`
 * (retention/) computes it from the retention schedule, which is computed from the events.
 */
export interface ErasurePlan {
  readonly erase: readonly RetentionClass[];
  readonly declined: readonly DeclinedErasure[];
  /**
   * When `fiscal` is to be erased: the end of the fiscal duty (AWR art. 52(4)) the schedule computed. The
   * decider cannot see the invoices (another aggregate's), so a plan that erases billing data must state
   * that end, and it must have passed; the statement is recorded, for an auditor to check.
   */
  readonly fiscalRetentionEndedAt?: string;
}
