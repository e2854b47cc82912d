import type { ReadModelReader } from "../../projection/readModel.js";
import type { OutcomeRegisterSchema, RightsOutcomeRow } from "./outcomeRegisterProjection.js";

/** One closed rights request as the register shows it (P7, Art. 12). */
export interface RightsOutcomeEntry {
  readonly requestId: string;
  readonly subjectId: string;
  readonly right: string;
  readonly channel: string;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly dueDate: string;
  readonly extendedDueAt: string | null;
  readonly extendedDueDate: string | null;
  /** The deadline that applied: the extended one when the extension was taken (P7.2, INV-36). */
  readonly applicableDueAt: string;
  readonly extended: boolean;
  readonly closedAt: string;
  readonly outcome: string;
  /** Art. 12(3): closed at or before the applicable due instant. */
  readonly onTime: boolean;
  /** INV-37: the refusal ground, or null. */
  readonly refusedGround: string | null;
  /** INV-38: fees charged, in cents (0 when none). */
  readonly feeCents: number;
}

export interface OutcomeFilter {
  readonly right?: string;
  readonly channel?: string;
  readonly outcome?: string;
  readonly onTime?: boolean;
  readonly subjectId?: string;
  /** Closed at or after this instant. */
  readonly closedFrom?: Date;
  /** Closed before this instant. */
  readonly closedBefore?: Date;
}

const entryOf = (row: RightsOutcomeRow, feeCents: number): RightsOutcomeEntry => ({
  requestId: row.requestId,
  subjectId: row.subjectId,
  right: row.right,
  channel: row.channel,
  receivedAt: row.receivedAt,
  dueAt: row.dueAt,
  dueDate: row.dueDate,
  extendedDueAt: row.extendedDueAt,
  extendedDueDate: row.extendedDueDate,
  applicableDueAt: row.extendedDueAt ?? row.dueAt,
  extended: row.extendedDueAt !== null,
  closedAt: row.closedAt ?? "",
  outcome: row.outcome ?? "",
  onTime: row.onTime === 1,
  refusedGround: row.refusedGround,
  feeCents,
});

/** Closed rights requests (INV-45), in the order they were closed, narrowed by `filter`. */
export const rightsRequestOutcomes = async (
  register: ReadModelReader<OutcomeRegisterSchema>,
  filter: OutcomeFilter = {},
): Promise<RightsOutcomeEntry[]> => {
  const rows = await register.find(
    "outcomes",
    {
      closed: 1,
      ...(filter.right === undefined ? {} : { right: filter.right }),
      ...(filter.channel === undefined ? {} : { channel: filter.channel }),
      ...(filter.outcome === undefined ? {} : { outcome: filter.outcome }),
      ...(filter.subjectId === undefined ? {} : { subjectId: filter.subjectId }),
      ...(filter.onTime === undefined ? {} : { onTime: filter.onTime ? 1 : 0 }),
    },
    { orderBy: ["closedAt"] },
  );
  const from = filter.closedFrom?.getTime() ?? Number.NEGATIVE_INFINITY;
  const before = filter.closedBefore?.getTime() ?? Number.POSITIVE_INFINITY;
  const inPeriod = rows.filter((row) => {
    const closed = Date.parse(row.closedAt ?? "");
    return closed >= from && closed < before;
  });
  const fees = await register.find("fees");
  const feeOf = new Map<string, number>();
  for (const fee of fees) feeOf.set(fee.requestId, (feeOf.get(fee.requestId) ?? 0) + fee.amountCents);
  return inPeriod.map((row) => entryOf(row, feeOf.get(row.requestId) ?? 0));
};

/** A compliance figure: how many of a set were handled in time, and the share (null when there were none). */
export interface ComplianceFigure {
  readonly total: number;
  readonly onTime: number;
  readonly late: number;
  /** onTime / total, between 0 and 1; null when total is 0. */
  readonly share: number | null;
}

export const complianceFigure = (total: number, onTime: number): ComplianceFigure => ({
  total,
  onTime,
  late: total - onTime,
  share: total === 0 ? null : onTime / total,
});

/** gdpr-domain §5(c)20, Art. 12(3): the share of closed requests answered on time, of those `filter` selects. */
export const requestsAnsweredOnTime = async (
  register: ReadModelReader<OutcomeRegisterSchema>,
  filter: Omit<OutcomeFilter, "onTime"> = {},
): Promise<ComplianceFigure> => {
  const closed = await rightsRequestOutcomes(register, filter);
  return complianceFigure(closed.length, closed.filter((entry) => entry.onTime).length);
};
