import type { ProcessingActivity, ProcessingAgreement } from "@privacy-ledger/domain";
import { defineProjection } from "../../projection/projection.js";

/**
 * One processing activity of the record (Art. 30(1)(b)-(f)), as last registered or amended. Lists are JSON
 * text. The register speaks of categories, never of persons: nothing here is personal data.
 */
export type ActivityRow = {
  readonly activityId: string;
  readonly name: string;
  readonly purposes: string;
  /** contract, legalObligation, legitimateInterest, consent */
  readonly legalBasis: string;
  /** The provision of a legal obligation, or the LIA reference of a legitimate interest. */
  readonly basisReference: string | null;
  readonly dataCategories: string;
  readonly subjectCategories: string;
  readonly recipientCategories: string;
  readonly retentionClass: string;
  readonly retentionTrigger: string;
  /** "5 years", "0 months" (at the trigger), or null where the rule states a condition. */
  readonly retentionPeriod: string | null;
  readonly retentionCondition: string | null;
  readonly clauses: string;
  readonly registeredAt: string;
  readonly amendedAt: string | null;
  readonly retiredAt: string | null;
};

/** A processor (Art. 28, P3.2, P3.3) and its current agreement. */
export type ProcessorRow = {
  readonly processorId: string;
  readonly name: string;
  readonly service: string;
  readonly country: string;
  readonly agreementReference: string | null;
  readonly agreementSignedAt: string | null;
  /** 1 when the agreement binds the processor's people to confidentiality (Art. 28(3)(b)). */
  readonly agreementConfidentiality: number | null;
  readonly activeForDisclosure: number;
  readonly registeredAt: string;
};

/** A processor's sub-processor (Art. 28(2), (4)) and where it processes (Art. 44). */
export type SubProcessorRow = {
  readonly processorId: string;
  readonly subProcessorId: string;
  readonly name: string;
  readonly service: string;
  readonly country: string;
  /** When the company was told of the addition; null for one registered with the processor. */
  readonly addedNotifiedAt: string | null;
  readonly removedNotifiedAt: string | null;
};

/** P5.1, Art. 44: where personal data are stored. */
export type StorageLocationRow = {
  readonly locationId: string;
  readonly country: string;
  readonly region: string;
  readonly processorId: string | null;
};

/** P3.1, Art. 28(3)(b), Art. 29: an instrument binding staff or a partner organisation to confidentiality. */
export type ConfidentialityRow = {
  readonly commitmentId: string;
  readonly party: string;
  readonly partnerOrganisation: string | null;
  readonly instrument: string;
  readonly effectiveFrom: string;
};

export type ProcessingActivitiesSchema = {
  readonly activities: ActivityRow;
  readonly processors: ProcessorRow;
  readonly subProcessors: SubProcessorRow;
  readonly locations: StorageLocationRow;
  readonly commitments: ConfidentialityRow;
};

const activityRow = (
  activity: ProcessingActivity,
  registeredAt: string,
  amendedAt: string | null,
): ActivityRow => {
  const { legalBasis: basis, retention } = activity;
  return {
    activityId: activity.activityId,
    name: activity.name,
    purposes: JSON.stringify(activity.purposes),
    legalBasis: basis.kind,
    basisReference:
      basis.kind === "legalObligation"
        ? basis.provision
        : basis.kind === "legitimateInterest"
          ? basis.liaRef
          : null,
    dataCategories: JSON.stringify(activity.dataCategories),
    subjectCategories: JSON.stringify(activity.subjectCategories),
    recipientCategories: JSON.stringify(activity.recipientCategories),
    retentionClass: retention.retentionClass,
    retentionTrigger: retention.trigger,
    retentionPeriod:
      retention.period === undefined ? null : `${retention.period.amount} ${retention.period.unit}`,
    retentionCondition: retention.condition ?? null,
    clauses: JSON.stringify(activity.clauses),
    registeredAt,
    amendedAt,
    retiredAt: null,
  };
};

const agreementColumns = (agreement: ProcessingAgreement | null) => ({
  agreementReference: agreement?.reference ?? null,
  agreementSignedAt: agreement?.signedAt ?? null,
  agreementConfidentiality: agreement === null ? null : agreement.confidentiality ? 1 : 0,
});

/** The register of processing activities (Art. 30): P2.1-P2.3, P3.1-P3.3, P4.1, P4.2, P5.1. */
export const processingActivitiesProjection = defineProjection<
  ProcessingActivitiesSchema,
  | "ProcessingActivityRegistered"
  | "ProcessingActivityAmended"
  | "ProcessingActivityRetired"
  | "ProcessorRegistered"
  | "ProcessingAgreementRecorded"
  | "SubProcessorChangeRecorded"
  | "ConfidentialityCommitmentRecorded"
  | "StorageLocationRegistered"
>({
  name: "processing_activities",
  version: 1,
  tables: {
    activities: {
      columns: {
        activityId: "text",
        name: "text",
        purposes: "text",
        legalBasis: "text",
        basisReference: "text",
        dataCategories: "text",
        subjectCategories: "text",
        recipientCategories: "text",
        retentionClass: "text",
        retentionTrigger: "text",
        retentionPeriod: "text",
        retentionCondition: "text",
        clauses: "text",
        registeredAt: "text",
        amendedAt: "text",
        retiredAt: "text",
      },
      key: ["activityId"],
    },
    processors: {
      columns: {
        processorId: "text",
        name: "text",
        service: "text",
        country: "text",
        agreementReference: "text",
        agreementSignedAt: "text",
        agreementConfidentiality: "integer",
        activeForDisclosure: "integer",
        registeredAt: "text",
      },
      key: ["processorId"],
    },
    subProcessors: {
      columns: {
        processorId: "text",
        subProcessorId: "text",
        name: "text",
        service: "text",
        country: "text",
        addedNotifiedAt: "text",
        removedNotifiedAt: "text",
      },
      key: ["processorId", "subProcessorId"],
    },
    locations: {
      columns: { locationId: "text", country: "text", region: "text", processorId: "text" },
      key: ["locationId"],
    },
    commitments: {
      columns: {
        commitmentId: "text",
        party: "text",
        partnerOrganisation: "text",
        instrument: "text",
        effectiveFrom: "text",
      },
      key: ["commitmentId"],
    },
  },
  handles: [
    "ProcessingActivityRegistered",
    "ProcessingActivityAmended",
    "ProcessingActivityRetired",
    "ProcessorRegistered",
    "ProcessingAgreementRecorded",
    "SubProcessorChangeRecorded",
    "ConfidentialityCommitmentRecorded",
    "StorageLocationRegistered",
  ],
  handle(event, tx) {
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case "ProcessingActivityRegistered":
        tx.upsert("activities", activityRow(event.data.activity, at, null));
        return;
      case "ProcessingActivityAmended": {
        const current = tx.get("activities", { activityId: event.data.activity.activityId });
        tx.upsert("activities", {
          ...activityRow(event.data.activity, current?.registeredAt ?? at, at),
          retiredAt: current?.retiredAt ?? null,
        });
        return;
      }
      case "ProcessingActivityRetired":
        tx.update("activities", { activityId: event.data.activityId }, { retiredAt: at });
        return;
      case "ProcessorRegistered": {
        const { data } = event;
        tx.upsert("processors", {
          processorId: data.processorId,
          name: data.name,
          service: data.service,
          country: data.country,
          ...agreementColumns(data.agreement),
          activeForDisclosure: data.activeForDisclosure ? 1 : 0,
          registeredAt: at,
        });
        for (const sub of data.subProcessors)
          tx.upsert("subProcessors", {
            processorId: data.processorId,
            subProcessorId: sub.subProcessorId,
            name: sub.name,
            service: sub.service,
            country: sub.country,
            addedNotifiedAt: null,
            removedNotifiedAt: null,
          });
        return;
      }
      case "ProcessingAgreementRecorded":
        tx.update(
          "processors",
          { processorId: event.data.processorId },
          {
            ...agreementColumns(event.data.agreement),
            activeForDisclosure: event.data.activeForDisclosure ? 1 : 0,
          },
        );
        return;
      case "SubProcessorChangeRecorded": {
        const { processorId, change, subProcessor, notifiedAt } = event.data;
        if (change === "added")
          tx.upsert("subProcessors", {
            processorId,
            subProcessorId: subProcessor.subProcessorId,
            name: subProcessor.name,
            service: subProcessor.service,
            country: subProcessor.country,
            addedNotifiedAt: notifiedAt,
            removedNotifiedAt: null,
          });
        else
          tx.update(
            "subProcessors",
            { processorId, subProcessorId: subProcessor.subProcessorId },
            { removedNotifiedAt: notifiedAt },
          );
        return;
      }
      case "ConfidentialityCommitmentRecorded":
        tx.upsert("commitments", {
          commitmentId: event.data.commitmentId,
          party: event.data.party,
          partnerOrganisation: event.data.partnerOrganisation,
          instrument: event.data.instrument,
          effectiveFrom: event.data.effectiveFrom,
        });
        return;
      case "StorageLocationRegistered":
        tx.upsert("locations", {
          locationId: event.data.locationId,
          country: event.data.country,
          region: event.data.region,
          processorId: event.data.processorId,
        });
        return;
    }
  },
});
