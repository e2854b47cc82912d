import { defineEvent, type EventOf, eventCatalog } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import { ProcessingActivityCodec, ProcessingAgreementCodec, SubProcessorCodec } from "./records.js";

/** D1: one register per company, one stream; the id holds no personal data. */
export const PROCESSING_REGISTER_STREAM = "processing-register";

/** Art. 30(1): an activity enters the record with its purposes, basis, categories and retention. */
export const ProcessingActivityRegistered = defineEvent({
  type: "ProcessingActivityRegistered",
  codec: t.type({ activity: ProcessingActivityCodec }),
  clauses: ["P2.1", "P2.2", "P2.3", "P4.1", "P4.2"],
});

/** The amended entry replaces the old one whole; the old one stays in the history (Art. 5(2)). */
export const ProcessingActivityAmended = defineEvent({
  type: "ProcessingActivityAmended",
  codec: t.type({ activity: ProcessingActivityCodec, reason: t.string }),
  clauses: ["P2.1", "P2.2", "P2.3", "P4.1", "P4.2"],
});

/** The activity stops: no new use may cite it (INV-01); what it recorded stays for accountability. */
export const ProcessingActivityRetired = defineEvent({
  type: "ProcessingActivityRetired",
  codec: t.type({ activityId: t.string, reason: t.string }),
  clauses: ["P2.1", "P2.2", "P2.3"],
});

/** P3.2, P3.3, P5.1, Art. 28: a supplier that processes personal data for the company. */
export const ProcessorRegistered = defineEvent({
  type: "ProcessorRegistered",
  codec: t.type({
    processorId: t.string,
    name: t.string,
    service: t.string,
    country: t.string,
    agreement: t.union([ProcessingAgreementCodec, t.null]),
    activeForDisclosure: t.boolean,
    subProcessors: t.readonlyArray(SubProcessorCodec),
  }),
  clauses: ["P3.2", "P3.3", "P5.1"],
});

/** P3.3, Art. 28(3): the agreement is signed (a renewal replaces the previous one). */
export const ProcessingAgreementRecorded = defineEvent({
  type: "ProcessingAgreementRecorded",
  codec: t.type({
    processorId: t.string,
    agreement: ProcessingAgreementCodec,
    activeForDisclosure: t.boolean,
  }),
  clauses: ["P3.3"],
});

/** INV-25, Art. 28(2): a sub-processor added or replaced, with the date the company was told. */
export const SubProcessorChangeRecorded = defineEvent({
  type: "SubProcessorChangeRecorded",
  codec: t.type({
    processorId: t.string,
    change: t.keyof({ added: null, removed: null }),
    subProcessor: SubProcessorCodec,
    notifiedAt: t.string,
  }),
  clauses: ["P3.3", "P5.1"],
});

/**
 * P3.1, Art. 28(3)(b), Art. 29, Art. 32(4): the instrument that binds staff or a partner organisation to
 * confidentiality. Recorded per instrument (the clause in every employment contract, a partner's
 * agreement), not per person, so the register stays free of personal data.
 */
export const ConfidentialityCommitmentRecorded = defineEvent({
  type: "ConfidentialityCommitmentRecorded",
  codec: t.type({
    commitmentId: t.string,
    party: t.keyof({ employees: null, partner: null }),
    /** The partner organisation (a legal person); null for the company's own staff. */
    partnerOrganisation: t.union([t.string, t.null]),
    instrument: t.string,
    effectiveFrom: t.string,
  }),
  clauses: ["P3.1"],
});

/** P5.1, Art. 44: where personal data are stored, optionally run by a registered processor. */
export const StorageLocationRegistered = defineEvent({
  type: "StorageLocationRegistered",
  codec: t.type({
    locationId: t.string,
    country: t.string,
    region: t.string,
    processorId: t.union([t.string, t.null]),
  }),
  clauses: ["P5.1"],
});

export const processingRegisterCatalog = eventCatalog([
  ProcessingActivityRegistered,
  ProcessingActivityAmended,
  ProcessingActivityRetired,
  ProcessorRegistered,
  ProcessingAgreementRecorded,
  SubProcessorChangeRecorded,
  ConfidentialityCommitmentRecorded,
  StorageLocationRegistered,
]);

export type ProcessingRegisterEvent =
  | EventOf<typeof ProcessingActivityRegistered>
  | EventOf<typeof ProcessingActivityAmended>
  | EventOf<typeof ProcessingActivityRetired>
  | EventOf<typeof ProcessorRegistered>
  | EventOf<typeof ProcessingAgreementRecorded>
  | EventOf<typeof SubProcessorChangeRecorded>
  | EventOf<typeof ConfidentialityCommitmentRecorded>
  | EventOf<typeof StorageLocationRegistered>;
