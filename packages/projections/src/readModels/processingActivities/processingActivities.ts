import type { ReadModelReader } from "../../projection/readModel.js";
import type {
  ProcessingActivitiesSchema,
  ProcessorRow,
  SubProcessorRow,
} from "./processingActivitiesProjection.js";

export interface SubProcessorEntry {
  readonly subProcessorId: string;
  readonly name: string;
  readonly service: string;
  /** Where it processes (Art. 44). */
  readonly country: string;
  readonly addedNotifiedAt: string | null;
}

/** A processor with its agreement (Art. 28(3)), its sub-processors and its storage locations. */
export interface ProcessorEntry {
  readonly processorId: string;
  readonly name: string;
  readonly service: string;
  readonly country: string;
  /** null while no agreement is signed (P3.3: then no disclosure to it). */
  readonly agreement: {
    readonly reference: string;
    readonly signedAt: string;
    readonly confidentiality: boolean;
  } | null;
  readonly activeForDisclosure: boolean;
  /** Sub-processors in place (removed ones left out). */
  readonly subProcessors: readonly SubProcessorEntry[];
  readonly locations: readonly {
    readonly locationId: string;
    readonly country: string;
    readonly region: string;
  }[];
}

/** One activity of the record of processing activities (Art. 30(1)). */
export interface ProcessingActivityEntry {
  readonly activityId: string;
  readonly name: string;
  readonly purposes: readonly string[];
  readonly legalBasis: { readonly kind: string; readonly reference: string | null };
  readonly dataCategories: readonly string[];
  readonly subjectCategories: readonly string[];
  readonly recipientCategories: readonly string[];
  /** Art. 30(1)(f), P4. */
  readonly retention: {
    readonly retentionClass: string;
    readonly trigger: string;
    readonly period: string | null;
    readonly condition: string | null;
  };
  readonly clauses: readonly string[];
  /**
   * Art. 30(1)(d): the registered processors its recipient categories name ("processor:<id or service>"),
   * with their agreements, sub-processors and locations.
   */
  readonly processors: readonly ProcessorEntry[];
  readonly registeredAt: string;
  readonly amendedAt: string | null;
  readonly retiredAt: string | null;
}

const list = (json: string): string[] => JSON.parse(json) as string[];

const byId =
  <T>(id: (row: T) => string) =>
  (a: T, b: T) =>
    id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;

const processorEntries = async (
  register: ReadModelReader<ProcessingActivitiesSchema>,
  processors: readonly ProcessorRow[],
): Promise<ProcessorEntry[]> => {
  const [subs, locations] = await Promise.all([register.find("subProcessors"), register.find("locations")]);
  const current = (sub: SubProcessorRow) => sub.removedNotifiedAt === null;
  return processors.map((p) => ({
    processorId: p.processorId,
    name: p.name,
    service: p.service,
    country: p.country,
    agreement:
      p.agreementReference === null || p.agreementSignedAt === null
        ? null
        : {
            reference: p.agreementReference,
            signedAt: p.agreementSignedAt,
            confidentiality: p.agreementConfidentiality === 1,
          },
    activeForDisclosure: p.activeForDisclosure === 1,
    subProcessors: subs
      .filter((s) => s.processorId === p.processorId && current(s))
      .map((s) => ({
        subProcessorId: s.subProcessorId,
        name: s.name,
        service: s.service,
        country: s.country,
        addedNotifiedAt: s.addedNotifiedAt,
      })),
    locations: locations
      .filter((l) => l.processorId === p.processorId)
      .map((l) => ({ locationId: l.locationId, country: l.country, region: l.region })),
  }));
};

/** Every processor with its agreement, sub-processors and locations, by id (Art. 28, P3.3, P5.1). */
export const processorRegister = async (
  register: ReadModelReader<ProcessingActivitiesSchema>,
): Promise<ProcessorEntry[]> => processorEntries(register, await register.find("processors"));

/** The record of processing activities (Art. 30(1)), by activity id; retired activities only when asked. */
export const processingActivities = async (
  register: ReadModelReader<ProcessingActivitiesSchema>,
  options: { readonly includeRetired?: boolean } = {},
): Promise<ProcessingActivityEntry[]> => {
  const [rows, processors] = await Promise.all([register.find("activities"), processorRegister(register)]);
  return rows
    .filter((row) => options.includeRetired === true || row.retiredAt === null)
    .sort(byId((row) => row.activityId))
    .map((row) => {
      const recipientCategories = list(row.recipientCategories);
      const named = new Set(
        recipientCategories
          .filter((c) => c.startsWith("processor:"))
          .map((c) => c.slice("processor:".length)),
      );
      return {
        activityId: row.activityId,
        name: row.name,
        purposes: list(row.purposes),
        legalBasis: { kind: row.legalBasis, reference: row.basisReference },
        dataCategories: list(row.dataCategories),
        subjectCategories: list(row.subjectCategories),
        recipientCategories,
        retention: {
          retentionClass: row.retentionClass,
          trigger: row.retentionTrigger,
          period: row.retentionPeriod,
          condition: row.retentionCondition,
        },
        clauses: list(row.clauses),
        processors: processors.filter((p) => named.has(p.processorId) || named.has(p.service)),
        registeredAt: row.registeredAt,
        amendedAt: row.amendedAt,
        retiredAt: row.retiredAt,
      };
    });
};

/** Locations where personal data are stored (P5.1, Art. 44), with the processor running each. */
export const storageLocations = async (
  register: ReadModelReader<ProcessingActivitiesSchema>,
): Promise<readonly { locationId: string; country: string; region: string; processorId: string | null }[]> =>
  (await register.find("locations")).map((l) => ({ ...l }));

/** The instruments binding staff and partners to confidentiality (P3.1, Art. 28(3)(b), Art. 29). */
export const confidentialityCommitments = async (register: ReadModelReader<ProcessingActivitiesSchema>) =>
  (await register.find("commitments")).map((c) => ({ ...c }));
