import { authorisesDisclosure } from "../processingRegister/authorises.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import { legalBasisDefect } from "../shared/legalBasis.js";
import { reject } from "../shared/reject.js";
import { blank } from "../shared/values.js";
import type {
  PlaceLegalHold,
  RecordContactEmploymentEnded,
  RecordDisclosure,
  RegisterBusinessContact,
  RegisterTrainingParticipant,
  RegisterUser,
  ReleaseLegalHold,
  SendTrainingMessage,
} from "./commands.js";
import { RELATIONSHIP_PURPOSE, TRAINING_PURPOSE } from "./events.js";
import {
  actorHolds,
  type Decision,
  decided,
  firstFailure,
  instant,
  LEGAL_HOLD_ROLES,
  notRestricted,
  opaqueId,
  registeredProcessing,
  STAFF_ROLES,
} from "./rules.js";
import type { DataSubjectState } from "./state.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** P1.C.1, P1.C.2, INV-01, INV-09: e-mail optional; only the categories given are checked against the register. */
export const registerTrainingParticipant = (
  command: RegisterTrainingParticipant,
  state: DataSubjectState,
  register: ProcessingRegisterState,
): Decision => {
  const { subjectId, trainingId, trainingDate, activityId, legalBasis, name, email } = command;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "registering a training participant", "P1.C.1"),
      () => opaqueId(trainingId, "trainingId", "P1.C.1"),
      () =>
        ISO_DATE.test(trainingDate)
          ? undefined
          : reject("DS-DATE", "P1.C.1", undefined, "trainingDate must be an ISO date (YYYY-MM-DD)"),
      () =>
        state.trainings.has(trainingId)
          ? reject(
              "DS-DUPLICATE",
              "P1.C.1",
              undefined,
              `subject ${subjectId} is already registered for ${trainingId}`,
            )
          : undefined,
      () =>
        blank(name)
          ? reject("INV-09", "P1.C.1", undefined, "a training participant is registered by name")
          : undefined,
      () =>
        legalBasisDefect(legalBasis) ??
        registeredProcessing(register, {
          activityId,
          purpose: TRAINING_PURPOSE,
          legalBasisKind: legalBasis.kind,
          legalBasis,
          dataCategories: email === undefined ? ["name"] : ["name", "email"],
          subjectCategory: "trainingParticipant",
        }),
    ),
    () => [
      {
        type: "TrainingParticipantRegistered",
        data: {
          subjectId,
          trainingId,
          trainingDate,
          activityId,
          purpose: TRAINING_PURPOSE,
          legalBasis,
          name,
          ...(email === undefined ? {} : { email }),
        },
      },
    ],
  );
};

/**
 * P1.C.2, INV-08: invitations, materials and the presentation copy go only to participants registered for
 * that training, by e-mail, so only to those who gave one; not while restricted or objected to (INV-42).
 */
export const sendTrainingMessage = (
  command: SendTrainingMessage,
  state: DataSubjectState,
  register: ProcessingRegisterState,
): Decision => {
  const { subjectId, trainingId, message, sentAt } = command;
  const registration = state.trainings.get(trainingId);
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "sending training messages", "P1.C.2"),
      () => instant(sentAt, "sentAt", "P1.C.2"),
      () =>
        registration === undefined
          ? reject(
              "INV-08",
              "P1.C.2",
              "Art. 5(1)(b)",
              `subject ${subjectId} is not a registered participant of ${trainingId}`,
            )
          : undefined,
      () =>
        registration?.hasEmail === false
          ? reject(
              "INV-09",
              "P1.C.2",
              undefined,
              `subject ${subjectId} gave no e-mail address for ${trainingId}`,
            )
          : undefined,
      () =>
        state.objections.has("trainingCommunication")
          ? reject(
              "DS-OBJECTION",
              "P7.c",
              "Art. 21(1)",
              `subject ${subjectId} objected to training communication`,
            )
          : undefined,
      () => notRestricted(state, "training", TRAINING_PURPOSE, "P7.d"),
      () =>
        registration === undefined
          ? undefined
          : registeredProcessing(register, {
              activityId: registration.activityId,
              purpose: TRAINING_PURPOSE,
              legalBasisKind: registration.legalBasisKind,
              dataCategories: ["email"],
              subjectCategory: "trainingParticipant",
            }),
    ),
    () => [
      {
        type: "TrainingMessageSent",
        data: {
          subjectId,
          trainingId,
          message,
          sentAt,
          activityId: registration?.activityId ?? "",
          purpose: TRAINING_PURPOSE,
        },
      },
    ],
  );
};

/** P1.E.1-P1.E.3, INV-15, INV-01, INV-02: a business contact under legitimate interest, with its assessment. */
export const registerBusinessContact = (
  command: RegisterBusinessContact,
  state: DataSubjectState,
  register: ProcessingRegisterState,
): Decision => {
  const { actor: _actor, kind: _kind, ...contact } = command;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "registering a business contact", "P1.E.1"),
      () => opaqueId(contact.clientOrganisationId, "clientOrganisationId", "P1.E.1"),
      () =>
        state.contact?.employed
          ? reject("DS-DUPLICATE", "P1.E.1", undefined, `subject ${contact.subjectId} is already a contact`)
          : undefined,
      () =>
        state.objections.has("relationshipManagement")
          ? reject(
              "DS-OBJECTION",
              "P7.c",
              "Art. 21(1)",
              `subject ${contact.subjectId} objected to relationship management; their data are not collected again`,
            )
          : undefined,
      () =>
        blank(contact.legalBasis.liaRef)
          ? reject(
              "INV-02",
              "P2.3",
              "Art. 6(1)(f)",
              "relationship data rest on a legitimate-interest assessment; cite it",
            )
          : undefined,
      () =>
        registeredProcessing(register, {
          activityId: contact.activityId,
          purpose: RELATIONSHIP_PURPOSE,
          legalBasisKind: "legitimateInterest",
          legalBasis: contact.legalBasis,
          dataCategories: [
            "name",
            "jobTitle",
            "businessEmail",
            ...(contact.businessPhone === undefined ? [] : ["businessPhone"]),
          ],
          subjectCategory: "businessContact",
        }),
    ),
    () => [{ type: "BusinessContactRegistered", data: { ...contact, purpose: RELATIONSHIP_PURPOSE } }],
  );
};

/** P4.2, INV-14: the end of employment starts the erasure of relationship data. */
export const recordContactEmploymentEnded = (
  command: RecordContactEmploymentEnded,
  state: DataSubjectState,
): Decision => {
  const { contact } = state;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "recording the end of a contact's employment", "P4.2"),
      () => instant(command.endedAt, "endedAt", "P4.2"),
      () =>
        contact === undefined || !contact.employed
          ? reject(
              "INV-14",
              "P4.2",
              undefined,
              `subject ${command.subjectId} is not a currently employed contact`,
            )
          : undefined,
    ),
    () => [
      {
        type: "ContactEmploymentEnded",
        data: {
          subjectId: command.subjectId,
          clientOrganisationId: contact?.clientOrganisationId ?? "",
          endedAt: command.endedAt,
        },
      },
    ],
  );
};

/** P1.B.1: the subject is a user of the subscription (the account itself lives in that subscription's stream). */
export const registerUser = (command: RegisterUser, state: DataSubjectState): Decision =>
  state.subscriptions.has(command.subscriptionId)
    ? decided(undefined, () => [])
    : decided(
        firstFailure(
          () => actorHolds(command.actor, STAFF_ROLES, "registering a user", "P1.B.1"),
          () => opaqueId(command.subscriptionId, "subscriptionId", "P1.B.1"),
        ),
        () => [
          {
            type: "UserRegistered",
            data: { subjectId: command.subjectId, subscriptionId: command.subscriptionId },
          },
        ],
      );

const recipientIdOf = (recipient: RecordDisclosure["recipient"]): string =>
  recipient.kind === "processor"
    ? `processor:${recipient.processorId}`
    : recipient.kind === "partner"
      ? `partner:${recipient.partnerOrganisation}`
      : "employees";

/**
 * P3.1-P3.3, INV-24, INV-01, Art. 19: a disclosure enters the subject's disclosure register only under an
 * agreement or a confidentiality commitment, for a registered purpose; never to a partner after the
 * person objected to it (P7.e), never while the data are restricted (INV-42).
 */
export const recordDisclosure = (
  command: RecordDisclosure,
  state: DataSubjectState,
  register: ProcessingRegisterState,
): Decision => {
  const { subjectId, recipient, dataCategories, disclosedAt, activityId, purpose, subjectCategory } = command;
  const activity = register.activities.get(activityId)?.activity;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "disclosing personal data", "P3.1"),
      () => instant(disclosedAt, "disclosedAt", "P3.1"),
      () =>
        dataCategories.length === 0
          ? reject(
              "DS-CATEGORIES",
              "P3.1",
              "Art. 30(1)(c)",
              "a disclosure names the categories of data it concerns",
            )
          : undefined,
      () => {
        const verdict = authorisesDisclosure(register, recipient);
        return verdict._tag === "Left" ? verdict.left : undefined;
      },
      () =>
        activity === undefined
          ? reject("INV-01", "P2", "Art. 30(1)", `processing activity ${activityId} is not in the register`)
          : registeredProcessing(register, {
              activityId,
              purpose,
              legalBasisKind: activity.legalBasis.kind,
              dataCategories,
              subjectCategory,
            }),
      () =>
        subjectCategoriesOf(state).includes(subjectCategory)
          ? undefined
          : reject(
              "INV-01",
              "P3.1",
              "Art. 30(1)(c)",
              `subject ${subjectId} is not a ${subjectCategory} (they are ${subjectCategoriesOf(state).join(", ") || "nothing yet"})`,
            ),
      () =>
        purpose === RELATIONSHIP_PURPOSE && state.objections.has("relationshipManagement")
          ? reject(
              "DS-OBJECTION",
              "P7.c",
              "Art. 21(1)",
              `subject ${subjectId} objected to relationship management; their data are not passed on for it`,
            )
          : undefined,
      () =>
        recipient.kind === "partner" && state.objections.has("disclosureToPartners")
          ? reject(
              "DS-OBJECTION",
              "P7.e",
              "Art. 21(1)",
              `subject ${subjectId} objected to disclosure to other parties`,
            )
          : undefined,
      () => notRestricted(state, activity?.retention.retentionClass ?? "", purpose, "P7.d"),
    ),
    () => [
      {
        type: "PersonalDataDisclosed",
        data: {
          subjectId,
          recipientId: recipientIdOf(recipient),
          recipientKind: recipient.kind,
          dataCategories,
          disclosedAt,
          activityId,
          purpose,
        },
      },
    ],
  );
};

/** The register's subject categories this person is in, by what they are to the company (one may be several). */
const subjectCategoriesOf = (state: DataSubjectState): string[] => [
  ...(state.contact === undefined ? [] : ["businessContact"]),
  ...(state.subscriptions.size === 0 ? [] : ["user"]),
  ...(state.trainings.size === 0 ? [] : ["trainingParticipant"]),
];

/** P4, Art. 17(3)(e): data needed for a legal claim are kept, with the case reference as reason. */
export const placeLegalHold = (command: PlaceLegalHold, state: DataSubjectState): Decision =>
  decided(
    firstFailure(
      () => actorHolds(command.actor, LEGAL_HOLD_ROLES, "placing a legal hold", "P4.1"),
      () => opaqueId(command.holdId, "holdId", "P4.1"),
      () => instant(command.placedAt, "placedAt", "P4.1"),
      () =>
        state.legalHolds.has(command.holdId)
          ? reject("DS-DUPLICATE", "P4.1", undefined, `legal hold ${command.holdId} is already in place`)
          : undefined,
      () =>
        blank(command.reason)
          ? reject("INV-28", "P4.1", "Art. 17(3)(e)", "a legal hold states its reason (a case reference)")
          : undefined,
    ),
    () => [
      {
        type: "LegalHoldPlaced",
        data: {
          subjectId: command.subjectId,
          holdId: command.holdId,
          retentionClass: command.retentionClass,
          reason: command.reason,
          placedAt: command.placedAt,
        },
      },
    ],
  );

export const releaseLegalHold = (command: ReleaseLegalHold, state: DataSubjectState): Decision =>
  decided(
    firstFailure(
      () => actorHolds(command.actor, LEGAL_HOLD_ROLES, "releasing a legal hold", "P4.1"),
      () => instant(command.releasedAt, "releasedAt", "P4.1"),
      () =>
        state.legalHolds.has(command.holdId)
          ? undefined
          : reject("DS-HOLD", "P4.1", undefined, `no legal hold ${command.holdId} is in place`),
    ),
    () => [
      {
        type: "LegalHoldReleased",
        data: { subjectId: command.subjectId, holdId: command.holdId, releasedAt: command.releasedAt },
      },
    ],
  );
