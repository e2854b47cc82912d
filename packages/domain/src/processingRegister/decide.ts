import type { Decider, Rejection } from "@privacy-ledger/eventsourcing";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { type Check, firstFailure } from "../shared/checks.js";
import type { ClauseId } from "../shared/clauses.js";
import type { Territory } from "../shared/euEea.js";
import { reject } from "../shared/reject.js";
import type { ProcessingRegisterCommand } from "./commands.js";
import type { ProcessingRegisterEvent } from "./events.js";
import {
  activityValid,
  agreementAllowsDisclosure,
  agreementWellFormed,
  commitmentComplete,
  mayKeepRegister,
  notificationDated,
  withinTerritory,
} from "./rules.js";
import {
  evolveProcessingRegister,
  initialProcessingRegisterState,
  type ProcessingRegisterState,
} from "./state.js";

export interface ProcessingRegisterOptions {
  /**
   * P5.1 says "within the EU"; GDPR Art. 44 treats the EEA as inside. Default "EU/EEA" (INV-26); a company
   * holding itself to the letter of its promise configures "EU".
   */
  readonly territory?: Territory;
}

type Decision = Either<Rejection, readonly ProcessingRegisterEvent[]>;

const decided = (check: Check, events: () => readonly ProcessingRegisterEvent[]): Decision =>
  check === undefined ? right(events()) : left(check);

const duplicate = (taken: boolean, what: string, id: string, clause: ClauseId): Check =>
  taken ? reject("REG-DUPLICATE-ID", clause, "Art. 30(1)", `${what} ${id} is already registered`) : undefined;

const unknown = (known: boolean, what: string, id: string, clause: ClauseId): Check =>
  known ? undefined : reject("REG-UNKNOWN-ID", clause, "Art. 30(1)", `${what} ${id} is not in the register`);

const decideFor =
  (territory: Territory) =>
  (command: ProcessingRegisterCommand, state: ProcessingRegisterState): Decision => {
    const role = mayKeepRegister(command.actor);
    if (role !== undefined) return left(role);
    switch (command.kind) {
      case "RegisterProcessingActivity": {
        const { activity } = command;
        return decided(
          firstFailure(
            () => duplicate(state.activities.has(activity.activityId), "activity", activity.activityId, "P2"),
            () => activityValid(activity),
          ),
          () => [{ type: "ProcessingActivityRegistered", data: { activity } }],
        );
      }
      case "AmendProcessingActivity": {
        const { activity, reason } = command;
        const entry = state.activities.get(activity.activityId);
        return decided(
          firstFailure(
            () => unknown(entry !== undefined, "activity", activity.activityId, "P2"),
            () =>
              entry?.retired
                ? reject("REG-RETIRED", "P2", "Art. 30(1)", `activity ${activity.activityId} is retired`)
                : undefined,
            () => activityValid(activity),
          ),
          () => [{ type: "ProcessingActivityAmended", data: { activity, reason } }],
        );
      }
      case "RetireProcessingActivity": {
        const entry = state.activities.get(command.activityId);
        // Retiring twice changes nothing: the first retirement stands.
        if (entry?.retired) return right([]);
        return decided(unknown(entry !== undefined, "activity", command.activityId, "P2"), () => [
          {
            type: "ProcessingActivityRetired",
            data: { activityId: command.activityId, reason: command.reason },
          },
        ]);
      }
      case "RegisterProcessor": {
        const { kind: _kind, actor: _actor, ...processor } = command;
        return decided(
          firstFailure(
            () =>
              duplicate(
                state.processors.has(processor.processorId),
                "processor",
                processor.processorId,
                "P3.2",
              ),
            () => withinTerritory(territory, processor.country, `processor ${processor.processorId}`),
            ...processor.subProcessors.map(
              (sub) => () =>
                withinTerritory(
                  territory,
                  sub.country,
                  `sub-processor ${sub.subProcessorId} of processor ${processor.processorId}`,
                ),
            ),
            () =>
              processor.activeForDisclosure
                ? agreementAllowsDisclosure(processor.agreement, processor.processorId)
                : processor.agreement === null
                  ? undefined
                  : agreementWellFormed(processor.agreement, processor.processorId),
          ),
          () => [{ type: "ProcessorRegistered", data: processor }],
        );
      }
      case "RecordProcessingAgreement": {
        const { processorId, agreement, activeForDisclosure } = command;
        return decided(
          firstFailure(
            () => unknown(state.processors.has(processorId), "processor", processorId, "P3.3"),
            () =>
              activeForDisclosure
                ? agreementAllowsDisclosure(agreement, processorId)
                : agreementWellFormed(agreement, processorId),
          ),
          () => [
            { type: "ProcessingAgreementRecorded", data: { processorId, agreement, activeForDisclosure } },
          ],
        );
      }
      case "RecordSubProcessorChange": {
        const { processorId, change, subProcessor, notifiedAt } = command;
        const processor = state.processors.get(processorId);
        const listed = processor?.subProcessors.some((s) => s.subProcessorId === subProcessor.subProcessorId);
        return decided(
          firstFailure(
            () => unknown(processor !== undefined, "processor", processorId, "P3.3"),
            () => notificationDated(notifiedAt),
            () =>
              change === "added"
                ? firstFailure(
                    () => duplicate(listed === true, "sub-processor", subProcessor.subProcessorId, "P3.3"),
                    () =>
                      withinTerritory(
                        territory,
                        subProcessor.country,
                        `sub-processor ${subProcessor.subProcessorId} of processor ${processorId}`,
                      ),
                  )
                : unknown(listed === true, "sub-processor", subProcessor.subProcessorId, "P3.3"),
          ),
          () => [
            { type: "SubProcessorChangeRecorded", data: { processorId, change, subProcessor, notifiedAt } },
          ],
        );
      }
      case "RecordConfidentialityCommitment": {
        const { kind: _kind, actor: _actor, ...commitment } = command;
        return decided(
          firstFailure(
            () =>
              duplicate(
                state.commitments.has(commitment.commitmentId),
                "commitment",
                commitment.commitmentId,
                "P3.1",
              ),
            () => commitmentComplete(commitment),
          ),
          () => [{ type: "ConfidentialityCommitmentRecorded", data: commitment }],
        );
      }
      case "RegisterStorageLocation": {
        const { kind: _kind, actor: _actor, ...location } = command;
        return decided(
          firstFailure(
            () =>
              duplicate(
                state.storageLocations.has(location.locationId),
                "storage location",
                location.locationId,
                "P5.1",
              ),
            () => withinTerritory(territory, location.country, `storage location ${location.locationId}`),
            () =>
              location.processorId === null
                ? undefined
                : unknown(
                    state.processors.has(location.processorId),
                    "processor",
                    location.processorId,
                    "P5.1",
                  ),
          ),
          () => [{ type: "StorageLocationRegistered", data: location }],
        );
      }
    }
  };

export type ProcessingRegisterDecider = Decider<
  ProcessingRegisterCommand,
  ProcessingRegisterEvent,
  ProcessingRegisterState
>;

/** D1: the event-sourced record of processing activities (Art. 30), processors and locations. */
export const processingRegisterDecider = (
  options: ProcessingRegisterOptions = {},
): ProcessingRegisterDecider => ({
  initialState: initialProcessingRegisterState,
  evolve: evolveProcessingRegister,
  decide: decideFor(options.territory ?? "EU/EEA"),
});

/** The register with the defaults (EU/EEA for P5.1). */
export const processingRegister: ProcessingRegisterDecider = processingRegisterDecider();
