import { isLeft } from "fp-ts/lib/Either.js";
import { registeredProcessing } from "../processingRegister/authorises.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import { reject } from "../shared/reject.js";
import { blank } from "../shared/values.js";
import type {
  DeliverAccessPackage,
  DeliverPortableExport,
  RecordObjection,
  RectifyData,
} from "./commands.js";
import { RELATIONSHIP_PURPOSE, TRAINING_PURPOSE } from "./events.js";
import { answers, type Decision, decided, firstFailure, identityVerified, openRequest } from "./rules.js";
import type { DataSubjectState } from "./state.js";

/**
 * P7.a, INV-39, INV-40, Art. 15(1)(a)-(h), 15(3): the package leaves only after identity is verified and
 * holds every item Art. 15 asks, including every recipient in the subject's disclosure register.
 */
export const deliverAccessPackage = (command: DeliverAccessPackage, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.a");
  if (isLeft(found)) return found;
  const request = found.right;
  const { package: accessPackage } = command;
  const missingRecipients = [...state.recipients.keys()].filter(
    (recipient) => !accessPackage.recipients.includes(recipient),
  );
  const missingItems = [
    accessPackage.purposes.length === 0 ? "(a) purposes" : undefined,
    accessPackage.dataCategories.length === 0 ? "(b) categories of data" : undefined,
    accessPackage.retention.length === 0 ? "(d) storage periods or criteria" : undefined,
    blank(accessPackage.automatedDecisionMaking) ? "(h) automated decision-making" : undefined,
  ].filter((item) => item !== undefined);
  return decided(
    firstFailure(
      () => answers(command, request, ["access"], "an access package", "P7.a"),
      () => identityVerified(request, "P7.a"),
      () =>
        missingItems.length === 0
          ? undefined
          : reject("INV-40", "P7.a", "Art. 15(1)", `the access package lacks ${missingItems.join(", ")}`),
      () =>
        missingRecipients.length === 0
          ? undefined
          : reject(
              "INV-40",
              "P7.a",
              "Art. 15(1)(c)",
              `the access package omits recipients from the disclosure register: ${missingRecipients.join(", ")}`,
            ),
    ),
    () => [
      {
        type: "AccessPackageDelivered",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          deliveredAt: command.at,
          package: accessPackage,
        },
      },
    ],
  );
};

/**
 * Art. 20, INV-39, INV-41: only data the person provided, processed under consent or contract, leave as
 * JSON or CSV; data held under legitimate interest (relationship data) are not portable.
 */
export const deliverPortableExport = (command: DeliverPortableExport, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.a");
  if (isLeft(found)) return found;
  const request = found.right;
  const notPortable = command.dataCategories.filter((category) => !state.portableCategories.has(category));
  return decided(
    firstFailure(
      () => answers(command, request, ["portability"], "a portable export", "P7.a"),
      () => identityVerified(request, "P7.a"),
      () =>
        command.dataCategories.length === 0
          ? reject("INV-41", "P7.a", "Art. 20(1)", "a portable export names the categories it holds")
          : undefined,
      () =>
        notPortable.length === 0
          ? undefined
          : reject(
              "INV-41",
              "P7.a",
              "Art. 20(1)(a)",
              `not provided by the subject under consent or contract, so not portable: ${notPortable.join(", ")}`,
            ),
    ),
    () => [
      {
        type: "PortableExportDelivered",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          deliveredAt: command.at,
          format: command.format,
          dataCategories: command.dataCategories,
        },
      },
    ],
  );
};

const CONTACT_FIELDS = [
  "contactName",
  "contactJobTitle",
  "contactBusinessEmail",
  "contactBusinessPhone",
] as const;
const PARTICIPANT_FIELDS = ["participantName", "participantEmail"] as const;
const CATEGORY_OF: Readonly<Record<string, string>> = {
  contactName: "name",
  contactJobTitle: "jobTitle",
  contactBusinessEmail: "businessEmail",
  contactBusinessPhone: "businessPhone",
  participantName: "name",
  participantEmail: "email",
};

/** P7.b, Art. 16, INV-39: corrected values for data this aggregate holds, sealed like the originals. */
export const rectifyData = (
  command: RectifyData,
  state: DataSubjectState,
  register: ProcessingRegisterState,
): Decision => {
  const found = openRequest(state, command.requestId, "P7.b");
  if (isLeft(found)) return found;
  const request = found.right;
  const elsewhere = command.correctedInSubscription;
  const given = Object.entries(command.corrections).filter(([, value]) => value !== undefined) as [
    string,
    string,
  ][];
  const contactFields = given.filter(([field]) => (CONTACT_FIELDS as readonly string[]).includes(field));
  const participantFields = given.filter(([field]) =>
    (PARTICIPANT_FIELDS as readonly string[]).includes(field),
  );
  return decided(
    firstFailure(
      () => answers(command, request, ["rectification"], "a rectification", "P7.b"),
      () => identityVerified(request, "P7.b"),
      () =>
        given.length === 0 && (elsewhere === undefined || elsewhere.dataCategories.length === 0)
          ? reject("DS-RECTIFY", "P7.b", "Art. 16", "a rectification gives at least one corrected value")
          : undefined,
      () =>
        elsewhere !== undefined && !state.subscriptions.has(elsewhere.subscriptionId)
          ? reject(
              "DS-RECTIFY",
              "P7.b",
              "Art. 16",
              `subject ${command.subjectId} is not a user of ${elsewhere.subscriptionId}`,
            )
          : undefined,
      () =>
        contactFields.length > 0 && state.contact === undefined
          ? reject(
              "DS-RECTIFY",
              "P7.b",
              "Art. 16",
              `subject ${command.subjectId} holds no relationship data to correct`,
            )
          : undefined,
      () =>
        participantFields.length > 0 && state.trainings.size === 0
          ? reject(
              "DS-RECTIFY",
              "P7.b",
              "Art. 16",
              `subject ${command.subjectId} holds no training data to correct`,
            )
          : undefined,
      // INV-01: the corrected values are written under the activity the originals were collected under.
      () =>
        contactFields.length > 0 && state.contact !== undefined
          ? registeredProcessing(register, {
              activityId: state.contact.activityId,
              purpose: RELATIONSHIP_PURPOSE,
              legalBasisKind: "legitimateInterest",
              dataCategories: contactFields.map(([field]) => CATEGORY_OF[field] ?? field),
              subjectCategory: "businessContact",
            })
          : undefined,
      () => {
        const training = [...state.trainings.values()].at(-1);
        return participantFields.length > 0 && training !== undefined
          ? registeredProcessing(register, {
              activityId: training.activityId,
              purpose: TRAINING_PURPOSE,
              legalBasisKind: training.legalBasisKind,
              dataCategories: participantFields.map(([field]) => CATEGORY_OF[field] ?? field),
              subjectCategory: "trainingParticipant",
            })
          : undefined;
      },
    ),
    () => [
      {
        type: "PersonalDataRectified",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          rectifiedAt: command.at,
          dataCategories: [
            ...new Set([
              ...given.map(([field]) => CATEGORY_OF[field] ?? field),
              ...(elsewhere?.dataCategories ?? []),
            ]),
          ],
          ...Object.fromEntries(given),
          ...(elsewhere === undefined ? {} : { correctedInSubscription: elsewhere.subscriptionId }),
        },
      },
    ],
  );
};

/**
 * P7.c, P7.e, Art. 21(1): the objection is recorded and the processing it names stops; a request "not to
 * pass my data on" (P7.e) is an objection to disclosure to other parties.
 */
export const recordObjection = (command: RecordObjection, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.c");
  if (isLeft(found)) return found;
  const request = found.right;
  return decided(
    firstFailure(
      () => answers(command, request, ["objection", "noDisclosure"], "an objection", "P7.c"),
      () =>
        request.right === "noDisclosure" && command.processing !== "disclosureToPartners"
          ? reject(
              "DS-RIGHT",
              "P7.e",
              "Art. 21(1)",
              "a request not to pass data on objects to disclosure to other parties",
            )
          : undefined,
      () =>
        command.processing === "usageMonitoring" && state.subscriptions.size === 0
          ? reject(
              "DS-RIGHT",
              "P7.c",
              "Art. 21(1)",
              `subject ${command.subjectId} is not a user; no usage is monitored`,
            )
          : undefined,
    ),
    () => [
      {
        type: "ObjectionRecorded",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          processing: command.processing,
          recordedAt: command.at,
        },
      },
    ],
  );
};
