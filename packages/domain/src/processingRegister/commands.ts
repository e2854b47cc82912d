import type { Actor } from "@privacy-ledger/eventsourcing";
import type { ProcessingActivity, ProcessingAgreement, SubProcessor } from "./records.js";

/**
 * The commands of the register. Each carries the actor (id and roles) because the decider checks who
 * may change the register (ROLE-REGISTER, P8.1); the envelope's actor and this one are the same.
 */
interface ByActor {
  readonly actor: Actor;
}

export interface RegisterProcessingActivity extends ByActor {
  readonly kind: "RegisterProcessingActivity";
  readonly activity: ProcessingActivity;
}

export interface AmendProcessingActivity extends ByActor {
  readonly kind: "AmendProcessingActivity";
  /** The whole new entry; its activityId names the activity amended. */
  readonly activity: ProcessingActivity;
  readonly reason: string;
}

export interface RetireProcessingActivity extends ByActor {
  readonly kind: "RetireProcessingActivity";
  readonly activityId: string;
  readonly reason: string;
}

export interface RegisterProcessor extends ByActor {
  readonly kind: "RegisterProcessor";
  readonly processorId: string;
  readonly name: string;
  readonly service: string;
  /** ISO 3166-1 alpha-2 code of the country where the processor processes the data. */
  readonly country: string;
  /** Null until the agreement is signed (then RecordProcessingAgreement). */
  readonly agreement: ProcessingAgreement | null;
  /** Whether personal data may be disclosed to it from now on (INV-24 needs a signed agreement). */
  readonly activeForDisclosure: boolean;
  readonly subProcessors: readonly SubProcessor[];
}

export interface RecordProcessingAgreement extends ByActor {
  readonly kind: "RecordProcessingAgreement";
  readonly processorId: string;
  readonly agreement: ProcessingAgreement;
  readonly activeForDisclosure: boolean;
}

export interface RecordSubProcessorChange extends ByActor {
  readonly kind: "RecordSubProcessorChange";
  readonly processorId: string;
  readonly change: "added" | "removed";
  readonly subProcessor: SubProcessor;
  /** ISO date on which the processor informed the company (Art. 28(2)). */
  readonly notifiedAt: string;
}

export interface RecordConfidentialityCommitment extends ByActor {
  readonly kind: "RecordConfidentialityCommitment";
  readonly commitmentId: string;
  readonly party: "employees" | "partner";
  readonly partnerOrganisation: string | null;
  /** E.g. "employment contract art. 12" or "partner agreement 2024-07". */
  readonly instrument: string;
  /** ISO date from which the commitment binds. */
  readonly effectiveFrom: string;
}

export interface RegisterStorageLocation extends ByActor {
  readonly kind: "RegisterStorageLocation";
  readonly locationId: string;
  readonly country: string;
  /** The provider's region or the site ("eu-central-1", "Amsterdam AMS-3"). */
  readonly region: string;
  readonly processorId: string | null;
}

export type ProcessingRegisterCommand =
  | RegisterProcessingActivity
  | AmendProcessingActivity
  | RetireProcessingActivity
  | RegisterProcessor
  | RecordProcessingAgreement
  | RecordSubProcessorChange
  | RecordConfidentialityCommitment
  | RegisterStorageLocation;
