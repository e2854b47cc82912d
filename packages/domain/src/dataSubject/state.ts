import type { LegalBasisKind } from "../shared/legalBasis.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import type { DataSubjectEvent } from "./events.js";
import type { ContactRole, ObjectedProcessing, RequestOutcome, Right } from "./records.js";

export interface TrainingRegistration {
  readonly hasEmail: boolean;
  readonly activityId: string;
  readonly legalBasisKind: LegalBasisKind;
}

/** One rights request as the decider needs it: facts and times, never the person's data. */
export interface RightsRequestState {
  readonly requestId: string;
  readonly right: Right;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly extendedDueAt: string | undefined;
  readonly identityVerified: boolean;
  readonly identityNotEstablished: boolean;
  readonly refused: boolean;
  /** What was done for the request (delivered, rectified, erasure decided, ...), by event type. */
  readonly done: ReadonlySet<DataSubjectEvent["type"]>;
  /** Classes the erasure decision said to shred (empty when none, undefined before the decision). */
  readonly eraseClasses: readonly RetentionClass[] | undefined;
  /** Classes the erasure decision kept because the law requires them (Art. 17(3)). */
  readonly declinedClasses: readonly RetentionClass[];
  readonly recipientsNotified: ReadonlySet<string>;
  readonly closed: RequestOutcome | undefined;
}

export interface Restriction {
  readonly requestId: string;
  /** Art. 18(1)(a)-(d) for a restriction the person asked for; Art. 17(3)(b)/(e) for data kept by law. */
  readonly ground: string;
  readonly retentionClasses: readonly RetentionClass[];
  readonly exceptPurpose: string | null;
  readonly liftNoticeSent: boolean;
}

/**
 * What the DataSubject decider knows of a person: which roles they have towards the company, the trainings
 * they were registered for, the recipients their data went to (the Art. 19 disclosure register), holds,
 * restrictions, objections and rights requests. Nothing personal: values live sealed in the events.
 */
export interface DataSubjectState {
  readonly subjectId: string;
  /** trainingId → the registration: whether an e-mail address was given (INV-09), under which activity. */
  readonly trainings: ReadonlyMap<string, TrainingRegistration>;
  readonly contact:
    | {
        readonly clientOrganisationId: string;
        readonly role: ContactRole;
        readonly employed: boolean;
        readonly activityId: string;
        readonly liaRef: string;
      }
    | undefined;
  readonly subscriptions: ReadonlySet<string>;
  /** recipientId → the categories disclosed to it. */
  readonly recipients: ReadonlyMap<string, ReadonlySet<string>>;
  /** Categories provided by the person under contract or consent (Art. 20(1)(a), INV-41). */
  readonly portableCategories: ReadonlySet<string>;
  /** holdId → retention class. */
  readonly legalHolds: ReadonlyMap<string, RetentionClass>;
  readonly restrictions: readonly Restriction[];
  readonly objections: ReadonlySet<ObjectedProcessing>;
  readonly requests: ReadonlyMap<string, RightsRequestState>;
}

export const initialDataSubjectState: DataSubjectState = {
  subjectId: "",
  trainings: new Map(),
  contact: undefined,
  subscriptions: new Set(),
  recipients: new Map(),
  portableCategories: new Set(),
  legalHolds: new Map(),
  restrictions: [],
  objections: new Set(),
  requests: new Map(),
};

/**
 * A restriction the person asked for (Art. 18(1)), of this request. Only such a restriction is lifted
 * (Art. 18(3)); data kept by law (Art. 17(3)(b), (e)) stay restricted to their purpose until their end.
 */
export const isRequestedRestriction = (restriction: Restriction, requestId: string): boolean =>
  restriction.requestId === requestId && restriction.ground.startsWith("Art. 18(1)");

/** The data categories of each kind of registration (Art. 30(1)(c); the register's activities list them). */
export const TRAINING_CATEGORIES = ["name", "email"] as const;
export const CONTACT_CATEGORIES = ["name", "jobTitle", "businessEmail", "businessPhone"] as const;

const updateRequest = (
  state: DataSubjectState,
  requestId: string,
  change: (request: RightsRequestState) => Partial<RightsRequestState>,
  doneBy?: DataSubjectEvent["type"],
): DataSubjectState => {
  const request = state.requests.get(requestId);
  if (request === undefined) return state;
  const changed = { ...request, ...change(request) };
  const withDone = doneBy === undefined ? changed : { ...changed, done: new Set(changed.done).add(doneBy) };
  return { ...state, requests: new Map(state.requests).set(requestId, withDone) };
};

export const evolveDataSubject = (state: DataSubjectState, event: DataSubjectEvent): DataSubjectState => {
  const subjectId = event.data.subjectId;
  const base = state.subjectId === "" ? { ...state, subjectId } : state;
  switch (event.type) {
    case "TrainingParticipantRegistered": {
      const { trainingId, email, legalBasis, activityId } = event.data;
      const provided =
        legalBasis.kind === "contract" || legalBasis.kind === "consent"
          ? new Set([
              ...base.portableCategories,
              ...TRAINING_CATEGORIES.filter((c) => c !== "email" || email),
            ])
          : base.portableCategories;
      return {
        ...base,
        trainings: new Map(base.trainings).set(trainingId, {
          hasEmail: email !== undefined,
          activityId,
          legalBasisKind: legalBasis.kind,
        }),
        portableCategories: provided,
      };
    }
    case "BusinessContactRegistered":
      return {
        ...base,
        contact: {
          clientOrganisationId: event.data.clientOrganisationId,
          role: event.data.role,
          employed: true,
          activityId: event.data.activityId,
          liaRef: event.data.legalBasis.liaRef,
        },
      };
    case "ContactEmploymentEnded":
      return base.contact === undefined ? base : { ...base, contact: { ...base.contact, employed: false } };
    case "UserRegistered":
      return { ...base, subscriptions: new Set(base.subscriptions).add(event.data.subscriptionId) };
    case "PersonalDataDisclosed": {
      const { recipientId, dataCategories } = event.data;
      const before = base.recipients.get(recipientId) ?? new Set<string>();
      return {
        ...base,
        recipients: new Map(base.recipients).set(recipientId, new Set([...before, ...dataCategories])),
      };
    }
    case "LegalHoldPlaced":
      return {
        ...base,
        legalHolds: new Map(base.legalHolds).set(event.data.holdId, event.data.retentionClass),
      };
    case "LegalHoldReleased": {
      const legalHolds = new Map(base.legalHolds);
      legalHolds.delete(event.data.holdId);
      return { ...base, legalHolds };
    }
    case "RightsRequestReceived": {
      const { requestId, right, receivedAt, dueAt } = event.data;
      const request: RightsRequestState = {
        requestId,
        right,
        receivedAt,
        dueAt,
        extendedDueAt: undefined,
        identityVerified: false,
        identityNotEstablished: false,
        refused: false,
        done: new Set(),
        eraseClasses: undefined,
        declinedClasses: [],
        recipientsNotified: new Set(),
        closed: undefined,
      };
      return { ...base, requests: new Map(base.requests).set(requestId, request) };
    }
    case "IdentityProofRequested":
      return updateRequest(base, event.data.requestId, () => ({}), event.type);
    case "IdentityVerified":
      return updateRequest(base, event.data.requestId, () => ({ identityVerified: true }), event.type);
    case "IdentityNotEstablished":
      return updateRequest(base, event.data.requestId, () => ({ identityNotEstablished: true }), event.type);
    case "DeadlineExtended":
      return updateRequest(
        base,
        event.data.requestId,
        () => ({ extendedDueAt: event.data.extendedDueAt }),
        event.type,
      );
    case "RequestRefused":
      return updateRequest(base, event.data.requestId, () => ({ refused: true }), event.type);
    case "FeeCharged":
      return updateRequest(base, event.data.requestId, () => ({}), event.type);
    case "AccessPackageDelivered":
    case "PortableExportDelivered":
    case "PersonalDataRectified":
    case "ErasureCompleted":
      return updateRequest(base, event.data.requestId, () => ({}), event.type);
    case "ErasureDecided":
      return updateRequest(
        base,
        event.data.requestId,
        () => ({
          eraseClasses: event.data.erase,
          declinedClasses: event.data.declined.map((kept) => kept.retentionClass),
        }),
        event.type,
      );
    case "ProcessingRestricted": {
      const { requestId, retentionClasses, exceptPurpose, ground } = event.data;
      const restricted = {
        ...base,
        restrictions: [
          ...base.restrictions,
          { requestId, ground, retentionClasses, exceptPurpose, liftNoticeSent: false },
        ],
      };
      return updateRequest(restricted, requestId, () => ({}), event.type);
    }
    case "RestrictionLiftNoticeSent":
      return {
        ...base,
        restrictions: base.restrictions.map((restriction) =>
          isRequestedRestriction(restriction, event.data.requestId)
            ? { ...restriction, liftNoticeSent: true }
            : restriction,
        ),
      };
    case "RestrictionLifted":
      return {
        ...base,
        restrictions: base.restrictions.filter(
          (restriction) => !isRequestedRestriction(restriction, event.data.requestId),
        ),
      };
    case "ObjectionRecorded": {
      const objected = { ...base, objections: new Set(base.objections).add(event.data.processing) };
      return updateRequest(objected, event.data.requestId, () => ({}), event.type);
    }
    case "RecipientsNotified":
      return updateRequest(
        base,
        event.data.requestId,
        (request) => ({
          recipientsNotified: new Set([
            ...request.recipientsNotified,
            ...event.data.notices.map((notice) => notice.recipientId),
          ]),
        }),
        event.type,
      );
    case "RightsRequestClosed":
      return updateRequest(base, event.data.requestId, () => ({ closed: event.data.outcome }), event.type);
    case "TrainingMessageSent":
      return base;
  }
};
