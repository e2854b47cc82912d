import type { Decider } from "@privacy-ledger/eventsourcing";
import { left } from "fp-ts/lib/Either.js";
import { type LegalCalendar, legalCalendar } from "../calendar/legalCalendar.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import type { DataSubjectCommand } from "./commands.js";
import { closeRequest, notifyRecipients } from "./decideClosing.js";
import {
  deliverAccessPackage,
  deliverPortableExport,
  recordObjection,
  rectifyData,
} from "./decideDelivery.js";
import {
  decideErasure,
  liftRestriction,
  recordErasureCompleted,
  restrictProcessing,
  sendRestrictionLiftNotice,
} from "./decideErasure.js";
import {
  chargeFee,
  extendDeadline,
  receiveRightsRequest,
  recordIdentityNotEstablished,
  refuseRequest,
  requestIdentityProof,
  verifyIdentity,
} from "./decideIntake.js";
import {
  placeLegalHold,
  recordContactEmploymentEnded,
  recordDisclosure,
  registerBusinessContact,
  registerTrainingParticipant,
  registerUser,
  releaseLegalHold,
  sendTrainingMessage,
} from "./decideProfile.js";
import type { DataSubjectEvent } from "./events.js";
import { actorHolds, type Decision, opaqueId, STAFF_ROLES, sameSubject } from "./rules.js";
import { type DataSubjectState, evolveDataSubject, initialDataSubjectState } from "./state.js";

export interface DataSubjectOptions {
  /**
   * The processing register as it stands (fold its stream with `evolveProcessingRegister`): commands that
   * collect, use or disclose personal data are checked against it (INV-01, INV-24). A value, not a
   * lookup, so the decider stays pure; load it before deciding.
   */
  readonly register: ProcessingRegisterState;
  /**
   * The registered activity under which rights requests are recorded (P7, Art. 12; legal obligation,
   * category "requestRecord", subject category "dataSubject"). Default "act-rights".
   */
  readonly rightsActivityId?: string;
  /** Computes the one-month and extended deadlines (P7.2); the default needs no configuration. */
  readonly calendar?: LegalCalendar;
}

export type DataSubjectDecider = Decider<DataSubjectCommand, DataSubjectEvent, DataSubjectState>;

const decideFor =
  (register: ProcessingRegisterState, calendar: LegalCalendar, rightsActivityId: string) =>
  (command: DataSubjectCommand, state: DataSubjectState): Decision => {
    // Only the company's people act on a person's record; checked before anything about it is looked up,
    // so a rejection never tells an outsider whether a subject or a request exists.
    const refused =
      actorHolds(command.actor, STAFF_ROLES, command.kind, "P7.1") ??
      opaqueId(command.subjectId, "subjectId", "P7") ??
      sameSubject(state, command.subjectId);
    if (refused !== undefined) return left(refused);
    switch (command.kind) {
      case "RegisterTrainingParticipant":
        return registerTrainingParticipant(command, state, register);
      case "SendTrainingMessage":
        return sendTrainingMessage(command, state, register);
      case "RegisterBusinessContact":
        return registerBusinessContact(command, state, register);
      case "RecordContactEmploymentEnded":
        return recordContactEmploymentEnded(command, state);
      case "RegisterUser":
        return registerUser(command, state);
      case "RecordDisclosure":
        return recordDisclosure(command, state, register);
      case "PlaceLegalHold":
        return placeLegalHold(command, state);
      case "ReleaseLegalHold":
        return releaseLegalHold(command, state);
      case "ReceiveRightsRequest":
        return receiveRightsRequest(command, state, calendar, register, rightsActivityId);
      case "RequestIdentityProof":
        return requestIdentityProof(command, state);
      case "VerifyIdentity":
        return verifyIdentity(command, state);
      case "RecordIdentityNotEstablished":
        return recordIdentityNotEstablished(command, state);
      case "ExtendDeadline":
        return extendDeadline(command, state, calendar);
      case "RefuseRequest":
        return refuseRequest(command, state);
      case "ChargeFee":
        return chargeFee(command, state);
      case "DeliverAccessPackage":
        return deliverAccessPackage(command, state);
      case "DeliverPortableExport":
        return deliverPortableExport(command, state);
      case "RectifyData":
        return rectifyData(command, state, register);
      case "DecideErasure":
        return decideErasure(command, state);
      case "RecordErasureCompleted":
        return recordErasureCompleted(command, state);
      case "RestrictProcessing":
        return restrictProcessing(command, state);
      case "SendRestrictionLiftNotice":
        return sendRestrictionLiftNotice(command, state);
      case "LiftRestriction":
        return liftRestriction(command, state);
      case "RecordObjection":
        return recordObjection(command, state);
      case "NotifyRecipients":
        return notifyRecipients(command, state);
      case "CloseRequest":
        return closeRequest(command, state);
    }
  };

/**
 * The DataSubject aggregate (P1.C, P1.E, P4, P7): training participants, business contacts and users, and
 * their rights requests from receipt to the outcome told to them. One stream per subject
 * (`dataSubjectStreamId`).
 */
export const dataSubjectDecider = (options: DataSubjectOptions): DataSubjectDecider => ({
  initialState: initialDataSubjectState,
  evolve: evolveDataSubject,
  decide: decideFor(
    options.register,
    options.calendar ?? legalCalendar(),
    options.rightsActivityId ?? "act-rights",
  ),
});
