import type { Actor } from "@privacy-ledger/eventsourcing";
import { parseIsoDate } from "../calendar/isoDate.js";
import { BACKUP_WINDOW_MONTHS, FISCAL_RETENTION_YEARS } from "../calendar/legalCalendar.js";
import { type Check, firstFailure } from "../shared/checks.js";
import type { ClauseId } from "../shared/clauses.js";
import { isInTerritory, type Territory } from "../shared/euEea.js";
import { legalBasisDefect } from "../shared/legalBasis.js";
import { reject } from "../shared/reject.js";
import { isRetentionClass, RETENTION_CLASSES } from "../shared/retentionClasses.js";
import { hasAnyRole, type Role } from "../shared/roles.js";
import {
  CLASS_TRIGGERS,
  type ProcessingActivity,
  type ProcessingAgreement,
  type RetentionRule,
} from "./records.js";

/**
 * The rules of the register, one function each; `undefined` means the rule holds. The decider runs them
 * in order and refuses with the first that fails.
 */

const blank = (text: string): boolean => text.trim() === "";

const isIsoDate = (text: string): boolean => {
  try {
    parseIsoDate(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * ROLE-REGISTER. P8.1 makes the CTO responsible for all rules on data security and privacy, and the
 * register is where those rules are written down (Art. 24(1), Art. 30(1)): the CTO keeps it. A DPO, if
 * one is designated, may keep it too: the Art. 29 Working Party's DPO guidelines (WP 243 rev.01, §4.5)
 * allow the controller to give the DPO the task of maintaining the record. Nobody else may change it;
 * everyone may read it.
 */
export const REGISTER_KEEPERS: readonly Role[] = ["CTO", "dpo"];

export const mayKeepRegister = (actor: Actor): Check =>
  hasAnyRole(actor, REGISTER_KEEPERS)
    ? undefined
    : reject(
        "ROLE-REGISTER",
        "P8.1",
        "Art. 24(1), Art. 30(1)",
        `only the CTO or the DPO may change the processing register; actor ${actor.id} holds neither role`,
      );

/** Art. 30(1)(b)-(c): an entry without purposes or categories records nothing an auditor can check. */
export const activityComplete = (activity: ProcessingActivity): Check => {
  const missing = [
    blank(activity.activityId) ? "an id" : undefined,
    blank(activity.name) ? "a name" : undefined,
    activity.purposes.length === 0 || activity.purposes.some(blank) ? "its purposes" : undefined,
    activity.dataCategories.length === 0 || activity.dataCategories.some(blank)
      ? "its data categories"
      : undefined,
    activity.subjectCategories.length === 0 || activity.subjectCategories.some(blank)
      ? "its subject categories"
      : undefined,
  ].filter((item) => item !== undefined);
  return missing.length === 0
    ? undefined
    : reject("INV-01", "P2", "Art. 30(1)(b)-(c)", `a processing activity must name ${missing.join(", ")}`);
};

const retentionClause = (rule: RetentionRule): ClauseId =>
  rule.trigger === "subscriptionEnded"
    ? "P4.1"
    : rule.trigger === "contactEmploymentEnded"
      ? "P4.2"
      : rule.trigger === "leftCurrentAdministration"
        ? "P1.D.3"
        : "P4";

const inMonths = (rule: RetentionRule): number | undefined =>
  rule.period === undefined
    ? undefined
    : rule.period.unit === "years"
      ? rule.period.amount * 12
      : rule.period.amount;

/**
 * INV-27, Art. 5(1)(e), Art. 30(1)(f): every activity has a retention rule with a class, the trigger of
 * that class (`CLASS_TRIGGERS`: the one the schedule shreds the class's key on) and a period or a stated
 * condition. INV-28, P4.1: client data go at the end of the subscription, backups at most six months
 * later, so a rule on that trigger may not run longer. INV-11, P1.D.3: fiscal records stay seven years
 * after they leave the current administration (AWR art. 52(4)), so such a rule may not run shorter.
 */
export const retentionValid = (rule: RetentionRule): Check => {
  const clause = retentionClause(rule);
  const { period, condition } = rule;
  if (!isRetentionClass(rule.retentionClass))
    return reject(
      "INV-27",
      clause,
      "Art. 5(1)(e), Art. 30(1)(f)",
      `a retention rule must name one of the retention classes (${RETENTION_CLASSES.join(", ")})`,
    );
  const classTrigger = CLASS_TRIGGERS[rule.retentionClass];
  if (rule.trigger !== classTrigger)
    return reject(
      "INV-27",
      "P4",
      "Art. 5(1)(e), Art. 30(1)(f)",
      `retention class ${rule.retentionClass} is erased on trigger ${classTrigger}, not ${rule.trigger}: ` +
        "a rule on another trigger describes a period the retention schedule does not carry out",
    );
  if (period !== undefined && (!Number.isInteger(period.amount) || period.amount < 0))
    return reject(
      "INV-27",
      clause,
      "Art. 5(1)(e), Art. 30(1)(f)",
      "a retention period is a whole, non-negative number of months or years",
    );
  if (period === undefined && (condition === undefined || blank(condition)))
    return reject(
      "INV-27",
      clause,
      "Art. 5(1)(e), Art. 30(1)(f)",
      "a retention rule must give a period after its trigger or the condition that ends it",
    );
  const months = inMonths(rule);
  if (rule.trigger === "subscriptionEnded" && (months === undefined || months > BACKUP_WINDOW_MONTHS))
    return reject(
      "INV-28",
      "P4.1",
      "Art. 5(1)(e)",
      `client data are kept at most ${BACKUP_WINDOW_MONTHS} months after the subscription ends (in backups)`,
    );
  if (
    rule.trigger === "leftCurrentAdministration" &&
    (months === undefined || months < FISCAL_RETENTION_YEARS * 12)
  )
    return reject(
      "INV-11",
      "P1.D.3",
      "Art. 6(1)(c), Art. 17(3)(b)",
      `fiscal records are kept ${FISCAL_RETENTION_YEARS} years after leaving the current administration (AWR art. 52(4))`,
    );
  return undefined;
};

/** INV-01, INV-02, INV-27/28/11: everything an activity entry must satisfy before it is recorded. */
export const activityValid = (activity: ProcessingActivity): Check =>
  firstFailure(
    () => activityComplete(activity),
    () => legalBasisDefect(activity.legalBasis),
    () => retentionValid(activity.retention),
  );

/** INV-26, P5.1, Art. 44: no processing or storage outside the territory; no transfer is planned. */
export const withinTerritory = (territory: Territory, country: string, what: string): Check =>
  isInTerritory(territory, country)
    ? undefined
    : reject(
        "INV-26",
        "P5.1",
        "Art. 44",
        `${what} is in ${JSON.stringify(country)}, outside the ${territory}: all personal data are processed and stored within the EU`,
      );

/**
 * INV-24, P3.3, Art. 28(3): data go to a processor only under a signed agreement, and that agreement binds
 * the processor's people to confidentiality (Art. 28(3)(b)). A registered processor without one stays
 * inactive.
 */
export const agreementAllowsDisclosure = (
  agreement: ProcessingAgreement | null,
  processorId: string,
): Check => {
  if (agreement === null)
    return reject(
      "INV-24",
      "P3.3",
      "Art. 28(3)",
      `processor ${processorId} has no signed processing agreement, so nothing may be disclosed to it`,
    );
  if (blank(agreement.reference) || !isIsoDate(agreement.signedAt))
    return reject(
      "INV-24",
      "P3.3",
      "Art. 28(3), Art. 28(9)",
      "a processing agreement is recorded with its reference and the ISO date it was signed",
    );
  if (!agreement.confidentiality)
    return reject(
      "INV-24",
      "P3.3",
      "Art. 28(3)(b)",
      `the agreement with processor ${processorId} does not bind its people to confidentiality`,
    );
  return undefined;
};

/** An agreement being recorded must be well formed even when it does not yet activate disclosure. */
export const agreementWellFormed = (agreement: ProcessingAgreement, processorId: string): Check =>
  blank(agreement.reference) || !isIsoDate(agreement.signedAt)
    ? agreementAllowsDisclosure(agreement, processorId)
    : undefined;

/** INV-25, P3.3, Art. 28(2): a sub-processor change is recorded with the date the company was told. */
export const notificationDated = (notifiedAt: string): Check =>
  isIsoDate(notifiedAt)
    ? undefined
    : reject(
        "INV-25",
        "P3.3",
        "Art. 28(2)",
        "a sub-processor change is recorded with the ISO date on which the processor notified it",
      );

/**
 * INV-24, P3.1, Art. 28(3)(b), Art. 29, Art. 32(4): staff and partners receive data only when bound to
 * confidentiality; the commitment names its instrument and date, and a partner commitment its partner.
 */
export const commitmentComplete = (commitment: {
  readonly party: "employees" | "partner";
  readonly partnerOrganisation: string | null;
  readonly instrument: string;
  readonly effectiveFrom: string;
}): Check => {
  const partnerMissing =
    commitment.party === "partner"
      ? commitment.partnerOrganisation === null || blank(commitment.partnerOrganisation)
      : commitment.partnerOrganisation !== null;
  if (partnerMissing || blank(commitment.instrument) || !isIsoDate(commitment.effectiveFrom))
    return reject(
      "INV-24",
      "P3.1",
      "Art. 29, Art. 32(4)",
      "a confidentiality commitment names its instrument, the ISO date it binds from and, for a partner only, the partner organisation",
    );
  return undefined;
};
