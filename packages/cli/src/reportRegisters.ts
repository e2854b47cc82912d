import {
  type DisclosureRegisterSchema,
  disclosureRegister,
  type ProcessingActivitiesSchema,
  processingActivities,
  processorRegister,
  type ReadModelReader,
} from "@privacy-ledger/projections";

/*
 * The report's two register sections (issue 8): the disclosure register and the record of processing
 * activities, from their read models. Counts, ids, categories, purposes and company names only: who was
 * disclosed is counted, never listed, so the section says what went where without naming anyone.
 */

export interface DisclosuresSection {
  readonly total: number;
  /** P3.1-P3.3, Art. 30(1)(d): per recipient, how often, about how many people, which data, why. */
  readonly byRecipient: readonly {
    readonly recipientId: string;
    readonly recipientKind: string;
    readonly disclosures: number;
    readonly subjects: number;
    readonly dataCategories: readonly string[];
    readonly purposes: readonly string[];
    readonly lastDisclosedAt: string;
  }[];
}

export interface ProcessingActivitiesSection {
  /** Art. 30(1): each activity, retired ones kept for accountability. */
  readonly activities: readonly {
    readonly activityId: string;
    readonly name: string;
    readonly purposes: readonly string[];
    readonly legalBasis: string;
    readonly retentionClass: string;
    readonly processors: readonly string[];
    readonly registeredAt: string;
    readonly retiredAt: string | null;
  }[];
  /** Art. 28, P3.3, P5.1: processors with their agreement, sub-processors in place and locations. */
  readonly processors: readonly {
    readonly processorId: string;
    readonly name: string;
    readonly country: string;
    readonly agreement: string | null;
    readonly activeForDisclosure: boolean;
    readonly subProcessors: readonly string[];
    readonly locations: readonly string[];
  }[];
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

export const disclosuresOf = async (
  register: ReadModelReader<DisclosureRegisterSchema>,
): Promise<DisclosuresSection> => {
  const entries = await disclosureRegister(register);
  const recipients = [...new Set(entries.map((entry) => entry.recipientId))].sort();
  return {
    total: entries.length,
    byRecipient: recipients.map((recipientId) => {
      const to = entries.filter((entry) => entry.recipientId === recipientId);
      return {
        recipientId,
        recipientKind: to[0]?.recipientKind ?? "",
        disclosures: to.length,
        subjects: new Set(to.map((entry) => entry.subjectId)).size,
        dataCategories: sorted(to.flatMap((entry) => entry.dataCategories)),
        purposes: sorted(to.map((entry) => entry.purpose)),
        lastDisclosedAt:
          to
            .map((entry) => entry.disclosedAt)
            .sort()
            .at(-1) ?? "",
      };
    }),
  };
};

export const processingActivitiesOf = async (
  register: ReadModelReader<ProcessingActivitiesSchema>,
): Promise<ProcessingActivitiesSection> => ({
  activities: (await processingActivities(register, { includeRetired: true })).map((activity) => ({
    activityId: activity.activityId,
    name: activity.name,
    purposes: activity.purposes,
    legalBasis: activity.legalBasis.kind,
    retentionClass: activity.retention.retentionClass,
    processors: activity.processors.map((processor) => processor.processorId),
    registeredAt: activity.registeredAt,
    retiredAt: activity.retiredAt,
  })),
  processors: (await processorRegister(register)).map((processor) => ({
    processorId: processor.processorId,
    name: processor.name,
    country: processor.country,
    agreement: processor.agreement?.reference ?? null,
    activeForDisclosure: processor.activeForDisclosure,
    subProcessors: processor.subProcessors.map((sub) => `${sub.name} (${sub.country})`),
    locations: processor.locations.map((location) => `${location.region}, ${location.country}`),
  })),
});
