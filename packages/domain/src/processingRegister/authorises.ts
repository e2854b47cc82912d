import type { Rejection } from "@privacy-ledger/eventsourcing";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { LegalBasis, LegalBasisKind } from "../shared/legalBasis.js";
import { reject } from "../shared/reject.js";
import { agreementAllowsDisclosure } from "./rules.js";
import type { ProcessingRegisterState } from "./state.js";

/** What an event that collects, uses or discloses personal data claims about itself (INV-01). */
export interface ProcessingUse {
  readonly activityId: string;
  readonly purpose: string;
  readonly legalBasisKind: LegalBasisKind;
  /**
   * The basis as the event will record it: when given, its assessment reference (Art. 6(1)(f)) or cited
   * provision (Art. 6(1)(c)) must be the register's, so an event cannot cite an assessment nobody made.
   */
  readonly legalBasis?: LegalBasis;
  readonly dataCategory: string;
  readonly subjectCategory: string;
}

const notAuthorised = (message: string): Either<Rejection, void> =>
  left(reject("INV-01", "P2", "Art. 5(1)(b), Art. 6(1), Art. 30(1)", message));

/** How the basis an event cites differs from the register's, beyond its kind; undefined when it does not. */
const basisMismatch = (registered: LegalBasis, cited: LegalBasis): string | undefined => {
  if (
    registered.kind === "legitimateInterest" &&
    cited.kind === "legitimateInterest" &&
    registered.liaRef !== cited.liaRef
  )
    return `rests on the legitimate-interest assessment ${registered.liaRef}, not ${cited.liaRef}`;
  if (
    registered.kind === "legalObligation" &&
    cited.kind === "legalObligation" &&
    registered.provision !== cited.provision
  )
    return `rests on ${registered.provision}, not ${cited.provision}`;
  return undefined;
};

/**
 * INV-01, P2, Arts. 5(1)(b), 6(1), 30(1): processing is lawful here only as a registered, current
 * activity records it: that purpose, on that basis, for that category of data about that category of
 * subject. Other aggregates call this before they record a use; it reads the register, it decides
 * nothing. The consent itself (basis "consent", INV-02) is the Consent aggregate's to check.
 */
export const authorises = (state: ProcessingRegisterState, use: ProcessingUse): Either<Rejection, void> => {
  const entry = state.activities.get(use.activityId);
  if (entry === undefined)
    return notAuthorised(`processing activity ${use.activityId} is not in the register`);
  if (entry.retired) return notAuthorised(`processing activity ${use.activityId} is retired`);
  const { activity } = entry;
  if (!activity.purposes.includes(use.purpose))
    return notAuthorised(`activity ${use.activityId} does not list the purpose ${use.purpose}`);
  if (activity.legalBasis.kind !== use.legalBasisKind)
    return notAuthorised(
      `activity ${use.activityId} rests on ${activity.legalBasis.kind}, not on ${use.legalBasisKind}`,
    );
  const basisDetail =
    use.legalBasis === undefined ? undefined : basisMismatch(activity.legalBasis, use.legalBasis);
  if (basisDetail !== undefined) return notAuthorised(`activity ${use.activityId} ${basisDetail}`);
  if (!activity.dataCategories.includes(use.dataCategory))
    return notAuthorised(`activity ${use.activityId} does not list the data category ${use.dataCategory}`);
  if (!activity.subjectCategories.includes(use.subjectCategory))
    return notAuthorised(
      `activity ${use.activityId} does not list the subject category ${use.subjectCategory}`,
    );
  return right(undefined);
};

/** A use of several categories of data at once (one command collects a name and an e-mail address). */
export interface ProcessingUses extends Omit<ProcessingUse, "dataCategory"> {
  readonly dataCategories: readonly string[];
}

/** INV-01 for every category a command processes: the first one the register does not allow is refused. */
export const authorisesAll = (
  state: ProcessingRegisterState,
  uses: ProcessingUses,
): Either<Rejection, void> => {
  const { dataCategories, ...use } = uses;
  // A command that writes no personal category still names an activity that must exist, be current and
  // serve that purpose on that basis (the category check is then made with the activity's first one).
  if (dataCategories.length === 0) {
    const listed = state.activities.get(use.activityId)?.activity.dataCategories[0];
    return authorises(state, { ...use, dataCategory: listed ?? "" });
  }
  for (const dataCategory of dataCategories) {
    const verdict = authorises(state, { ...use, dataCategory });
    if (verdict._tag === "Left") return verdict;
  }
  return right(undefined);
};

/** `authorisesAll` as a rule for a decider's checks: the rejection when the register does not allow the use. */
export const registeredProcessing = (
  state: ProcessingRegisterState,
  uses: ProcessingUses,
): Rejection | undefined => {
  const verdict = authorisesAll(state, uses);
  return verdict._tag === "Left" ? verdict.left : undefined;
};

/** Who is to receive personal data (P3): a processor, the company's own staff, or a partner organisation. */
export type Recipient =
  | { readonly kind: "processor"; readonly processorId: string }
  | { readonly kind: "employees" }
  | { readonly kind: "partner"; readonly partnerOrganisation: string };

/**
 * INV-24, P3.1-P3.3, Arts. 28(3), 29, 32(4): data go to a processor only while it is registered, active
 * and under a signed agreement with a confidentiality term; to staff or a partner only under a recorded
 * confidentiality commitment. (INV-26 was checked when the processor was registered.)
 */
export const authorisesDisclosure = (
  state: ProcessingRegisterState,
  recipient: Recipient,
): Either<Rejection, void> => {
  switch (recipient.kind) {
    case "processor": {
      const processor = state.processors.get(recipient.processorId);
      if (processor === undefined)
        return left(
          reject("INV-24", "P3.2", "Art. 28(1)", `processor ${recipient.processorId} is not in the register`),
        );
      const agreement = agreementAllowsDisclosure(processor.agreement, processor.processorId);
      if (agreement !== undefined) return left(agreement);
      return processor.activeForDisclosure
        ? right(undefined)
        : left(
            reject(
              "INV-24",
              "P3.3",
              "Art. 28(1)",
              `processor ${recipient.processorId} is not active for disclosure`,
            ),
          );
    }
    case "employees":
    case "partner": {
      const bound = [...state.commitments.values()].some((commitment) =>
        recipient.kind === "employees"
          ? commitment.party === "employees"
          : commitment.party === "partner" &&
            commitment.partnerOrganisation === recipient.partnerOrganisation,
      );
      return bound
        ? right(undefined)
        : left(
            reject(
              "INV-24",
              "P3.1",
              "Art. 29, Art. 32(4)",
              recipient.kind === "employees"
                ? "no confidentiality commitment binds the company's staff"
                : `no confidentiality commitment binds partner ${recipient.partnerOrganisation}`,
            ),
          );
    }
  }
};
