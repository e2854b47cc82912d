import type { Check } from "./checks.js";
import type { ClauseId } from "./clauses.js";
import { reject } from "./reject.js";
import type { RetentionClass } from "./retentionClasses.js";

/** A restriction of processing in force (Art. 18): which classes of a subject's data it covers. */
export interface RestrictionInForce {
  readonly requestId: string;
  readonly retentionClasses: readonly RetentionClass[];
  /** The one purpose the data may still serve (a partly declined erasure keeps billing data for tax), or null: storage only. */
  readonly exceptPurpose: string | null;
}

/**
 * The restrictions in force, by subject id. Restrictions are decided in the DataSubject aggregate; the
 * deciders of other aggregates get them as a value (built with `restrictionsInForce`), as they get the
 * processing register, so they stay pure and still refuse to process restricted data (INV-42).
 */
export type RestrictionsInForce = ReadonlyMap<string, readonly RestrictionInForce[]>;

export const NO_RESTRICTIONS: RestrictionsInForce = new Map();

/**
 * INV-42, P7.d, Art. 18(2): while a restriction covers a retention class of the subject's data, those data
 * are only stored, or used for the one purpose the restriction leaves.
 */
export const notRestrictedFor = (
  subjectId: string,
  restrictions: readonly RestrictionInForce[],
  retentionClass: string,
  purpose: string,
  clause: ClauseId,
): Check => {
  const blocking = restrictions.find(
    (restriction) =>
      (restriction.retentionClasses as readonly string[]).includes(retentionClass) &&
      restriction.exceptPurpose !== purpose,
  );
  return blocking === undefined
    ? undefined
    : reject(
        "INV-42",
        clause,
        "Art. 18(2)",
        `the ${retentionClass} data of subject ${subjectId} are restricted (request ${blocking.requestId})` +
          (blocking.exceptPurpose === null
            ? " to storage only"
            : ` to the purpose ${blocking.exceptPurpose}`),
      );
};
