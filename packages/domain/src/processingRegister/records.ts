import * as t from "io-ts";
import { ClauseIdCodec } from "../shared/clauses.js";
import { LegalBasisCodec } from "../shared/legalBasis.js";
import { type RetentionClass, RetentionClassCodec } from "../shared/retentionClasses.js";

/**
 * The entries of the register (GDPR Art. 30), shared by its commands and events. The register speaks of
 * categories of data, subjects and recipients, never of persons: nothing here is personal data, so no
 * field is marked `personal()` and nothing here is ever erased.
 */

/**
 * What starts a retention period (P4, Art. 5(1)(e), Art. 30(1)(f)): the end of the subscription (P4.1),
 * the end of a contact's employment at the client (P4.2), the record leaving the current administration
 * (fiscal, AWR art. 52), a training held (D4), a consent withdrawn or an objection made (D4), a case closed
 * (breach and rights-request records, D4).
 */
export const RetentionTriggerCodec = t.keyof(
  {
    subscriptionEnded: null,
    contactEmploymentEnded: null,
    leftCurrentAdministration: null,
    trainingHeld: null,
    consentWithdrawnOrObjection: null,
    caseClosed: null,
  },
  "RetentionTrigger",
);
export type RetentionTrigger = t.TypeOf<typeof RetentionTriggerCodec>;

/**
 * INV-27: the one trigger of each retention class. The protection layer keeps one data key per (subject,
 * class) and the retention schedule shreds it on this trigger, whatever an activity's rule says; a rule
 * naming another trigger would describe a period nothing carries out (Art. 30(1)(f)).
 */
export const CLASS_TRIGGERS: Readonly<Record<RetentionClass, RetentionTrigger>> = {
  contract: "subscriptionEnded", // P4.1
  fiscal: "leftCurrentAdministration", // P1.D.3, AWR art. 52(4)
  relationship: "contactEmploymentEnded", // P4.2
  training: "trainingHeld", // P1.C.2, D4
  marketing: "consentWithdrawnOrObjection", // P1.F.6, D4
  accountability: "caseClosed", // Art. 5(2), D4
};

export const RetentionPeriodCodec = t.type(
  { amount: t.number, unit: t.keyof({ months: null, years: null }) },
  "RetentionPeriod",
);
export type RetentionPeriod = t.TypeOf<typeof RetentionPeriodCodec>;

/**
 * One retention rule (INV-27): the retention class whose data keys are shredded when it elapses, the
 * trigger, and a period after the trigger or, where the policy states none, the condition in words
 * ("as long as the contact is employed", P4.2). A period of zero means "at the trigger".
 */
export const RetentionRuleCodec = t.intersection(
  [
    t.type({ retentionClass: RetentionClassCodec, trigger: RetentionTriggerCodec }),
    t.partial({ period: RetentionPeriodCodec, condition: t.string }),
  ],
  "RetentionRule",
);
export type RetentionRule = t.TypeOf<typeof RetentionRuleCodec>;

/** Art. 30(1)(b)-(f): one processing activity, on one legal basis (INV-01 checks uses against it). */
export const ProcessingActivityCodec = t.type(
  {
    activityId: t.string,
    name: t.string,
    /** Art. 30(1)(b); ids such as "subscription.access", named by the policy clause that states them. */
    purposes: t.readonlyArray(t.string),
    /** Art. 6(1), P2: one basis per activity; a purpose served on two bases is two activities. */
    legalBasis: LegalBasisCodec,
    /** Art. 30(1)(c): categories of personal data ("businessEmail", "usageLog"). */
    dataCategories: t.readonlyArray(t.string),
    /** Art. 30(1)(c): categories of data subjects ("user", "clientAdministrator", "businessContact"). */
    subjectCategories: t.readonlyArray(t.string),
    /** Art. 30(1)(d): categories of recipients ("processor:hosting", "staff"). */
    recipientCategories: t.readonlyArray(t.string),
    /** Art. 30(1)(f), P4: when the data of this activity are erased. */
    retention: RetentionRuleCodec,
    /** The policy clauses this activity carries out (P1.A.3, P2.1, ...), for the clause→code trail. */
    clauses: t.readonlyArray(ClauseIdCodec),
  },
  "ProcessingActivity",
);
export type ProcessingActivity = t.TypeOf<typeof ProcessingActivityCodec>;

/**
 * A processing agreement (P3.3, Art. 28(3)): its reference, the date it was signed (ISO date) and whether
 * it binds the processor's people to confidentiality (Art. 28(3)(b)).
 */
export const ProcessingAgreementCodec = t.type(
  { reference: t.string, signedAt: t.string, confidentiality: t.boolean },
  "ProcessingAgreement",
);
export type ProcessingAgreement = t.TypeOf<typeof ProcessingAgreementCodec>;

/** A processor's own processor (Art. 28(2), (4)), with the country where it processes (Art. 44). */
export const SubProcessorCodec = t.type(
  { subProcessorId: t.string, name: t.string, service: t.string, country: t.string },
  "SubProcessor",
);
export type SubProcessor = t.TypeOf<typeof SubProcessorCodec>;
