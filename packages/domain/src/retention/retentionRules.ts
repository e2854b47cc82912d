import { CLASS_TRIGGERS, type RetentionTrigger } from "../processingRegister/records.js";
import type { ClauseId } from "../shared/clauses.js";
import type { RetentionClass } from "../shared/retentionClasses.js";

/** The periods the policy leaves open, with the defaults of decision D4 and P4.2. */
export interface RetentionPeriods {
  /** Decision D4: training data are kept this many months after the (latest) training. Default 12. */
  readonly trainingRetentionMonths: number;
  /** Decision D4, Art. 5(2): rights-request records are kept this many years after closing. Default 5. */
  readonly accountabilityRetentionYears: number;
  /** P4.2: relationship data go when employment ends, plus this grace. Default 0 (at the end). */
  readonly relationshipGraceMonths: number;
}

export const DEFAULT_RETENTION_PERIODS: RetentionPeriods = {
  trainingRetentionMonths: 12,
  accountabilityRetentionYears: 5,
  relationshipGraceMonths: 0,
};

/** The rule of one retention class: its trigger, the clauses it enforces and the law behind it. */
export interface ClassRule {
  readonly trigger: RetentionTrigger;
  /** The clauses the schedule entry cites. */
  readonly clauses: readonly ClauseId[];
  /** The clause an erasure at the end of the period cites beside P7.b (`executeDueErasures`). */
  readonly erasureClause: ClauseId;
  readonly basis: string;
}

/**
 * The retention rule of every class (INV-27: every class of personal data has one), each on its class's
 * trigger (`CLASS_TRIGGERS`, which the register's rules are checked against). The marketing class holds the
 * Consent aggregate's newsletter data: until unsubscribe or objection (D4), then only the suppression token.
 */
export const classRules = (periods: RetentionPeriods): Readonly<Record<RetentionClass, ClassRule>> => ({
  contract: {
    trigger: CLASS_TRIGGERS.contract,
    clauses: ["P4.1", "P1.A.3", "P1.B.4"],
    erasureClause: "P4.1",
    basis:
      "P4.1; GDPR art. 5(1)(e), art. 6(1)(b): the term of the subscriptions, then up to 6 months in backups " +
      "(INV-28); the latest end of the subject's subscriptions counts",
  },
  fiscal: {
    trigger: CLASS_TRIGGERS.fiscal,
    clauses: ["P1.D.3", "P2.2"],
    erasureClause: "P1.D.3",
    basis:
      "P1.D.3, P2.2; AWR art. 52(4): seven years after the record left the current administration, i.e. from " +
      "1 January after the year of the last invoice, payment or contact note, once no invoice of the " +
      "subscription is open (AWR art. 52(1); INV-10, INV-11); GDPR art. 6(1)(c), art. 17(3)(b)",
  },
  relationship: {
    trigger: CLASS_TRIGGERS.relationship,
    clauses: ["P4.2", "P1.E.3"],
    erasureClause: "P4.2",
    basis:
      "P4.2; GDPR art. 5(1)(e), art. 6(1)(f): as long as the contact is employed at the business relation " +
      `(INV-14)${periods.relationshipGraceMonths > 0 ? `, plus ${periods.relationshipGraceMonths} months' grace` : ""}`,
  },
  training: {
    trigger: CLASS_TRIGGERS.training,
    clauses: ["P1.C.2"],
    erasureClause: "P1.C.2",
    basis: `P1.C.2; decision D4; GDPR art. 5(1)(e): ${periods.trainingRetentionMonths} months after the latest training`,
  },
  marketing: {
    trigger: CLASS_TRIGGERS.marketing,
    clauses: ["P1.F.3", "P1.F.6"],
    erasureClause: "P1.F.6",
    basis: "P1.F.3, P1.F.6; decision D4; GDPR art. 7(3), art. 21(3): until unsubscribe or objection",
  },
  accountability: {
    trigger: CLASS_TRIGGERS.accountability,
    clauses: ["P7"],
    erasureClause: "P7",
    basis:
      `decision D4; GDPR art. 5(2), art. 12: ${periods.accountabilityRetentionYears} years after the subject's ` +
      "last rights request was closed",
  },
});
