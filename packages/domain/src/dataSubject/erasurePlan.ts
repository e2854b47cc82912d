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
}
