import type { ProcessingRegisterEvent } from "./events.js";
import type { ProcessingActivity, ProcessingAgreement, SubProcessor } from "./records.js";

export interface ActivityEntry {
  readonly activity: ProcessingActivity;
  readonly retired: boolean;
}

export interface ProcessorEntry {
  readonly processorId: string;
  readonly name: string;
  readonly service: string;
  readonly country: string;
  readonly agreement: ProcessingAgreement | null;
  readonly activeForDisclosure: boolean;
  readonly subProcessors: readonly SubProcessor[];
}

export interface CommitmentEntry {
  readonly commitmentId: string;
  readonly party: "employees" | "partner";
  readonly partnerOrganisation: string | null;
  readonly instrument: string;
  readonly effectiveFrom: string;
}

export interface StorageLocationEntry {
  readonly locationId: string;
  readonly country: string;
  readonly region: string;
  readonly processorId: string | null;
}

/** The register as it stands: what `authorises` and the decider read. */
export interface ProcessingRegisterState {
  readonly activities: ReadonlyMap<string, ActivityEntry>;
  readonly processors: ReadonlyMap<string, ProcessorEntry>;
  readonly commitments: ReadonlyMap<string, CommitmentEntry>;
  readonly storageLocations: ReadonlyMap<string, StorageLocationEntry>;
}

export const initialProcessingRegisterState: ProcessingRegisterState = {
  activities: new Map(),
  processors: new Map(),
  commitments: new Map(),
  storageLocations: new Map(),
};

const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> =>
  new Map(map).set(key, value);

export const evolveProcessingRegister = (
  state: ProcessingRegisterState,
  event: ProcessingRegisterEvent,
): ProcessingRegisterState => {
  switch (event.type) {
    case "ProcessingActivityRegistered":
    case "ProcessingActivityAmended":
      return {
        ...state,
        activities: withEntry(state.activities, event.data.activity.activityId, {
          activity: event.data.activity,
          retired: false,
        }),
      };
    case "ProcessingActivityRetired": {
      const entry = state.activities.get(event.data.activityId);
      return entry === undefined
        ? state
        : {
            ...state,
            activities: withEntry(state.activities, event.data.activityId, { ...entry, retired: true }),
          };
    }
    case "ProcessorRegistered":
      return { ...state, processors: withEntry(state.processors, event.data.processorId, event.data) };
    case "ProcessingAgreementRecorded": {
      const entry = state.processors.get(event.data.processorId);
      if (entry === undefined) return state;
      const next = {
        ...entry,
        agreement: event.data.agreement,
        activeForDisclosure: event.data.activeForDisclosure,
      };
      return { ...state, processors: withEntry(state.processors, entry.processorId, next) };
    }
    case "SubProcessorChangeRecorded": {
      const entry = state.processors.get(event.data.processorId);
      if (entry === undefined) return state;
      const { subProcessor } = event.data;
      const others = entry.subProcessors.filter((s) => s.subProcessorId !== subProcessor.subProcessorId);
      const subProcessors = event.data.change === "added" ? [...others, subProcessor] : others;
      return {
        ...state,
        processors: withEntry(state.processors, entry.processorId, { ...entry, subProcessors }),
      };
    }
    case "ConfidentialityCommitmentRecorded":
      return { ...state, commitments: withEntry(state.commitments, event.data.commitmentId, event.data) };
    case "StorageLocationRegistered":
      return {
        ...state,
        storageLocations: withEntry(state.storageLocations, event.data.locationId, event.data),
      };
  }
};
