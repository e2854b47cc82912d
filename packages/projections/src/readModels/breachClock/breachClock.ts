import type { ReadModelReader } from "../../projection/readModel.js";
import type { BreachClockSchema, IncidentRow } from "./breachClockProjection.js";

export interface BreachDecisionView {
  readonly decisionId: string;
  readonly about: string | null;
  readonly proposedAt: string | null;
  readonly takenAt: string | null;
  /** P8.7, INV-50: who approved, as which role. */
  readonly approvals: readonly {
    readonly as: string;
    readonly actorId: string;
    readonly approvedAt: string;
  }[];
}

/** One incident's 72-hour clock at an instant. */
export interface BreachClockEntry {
  readonly incidentId: string;
  readonly reportedAt: string;
  readonly awareAt: string | null;
  readonly authorityDueAt: string | null;
  /**
   * Hours until the authority must be notified (Art. 33(1)), fractional, negative once past; null before
   * awareness is established. Still shown after notification, for the record.
   */
  readonly hoursLeft: number | null;
  /** Not notified, and the 72 hours have passed. */
  readonly overdue: boolean;
  readonly severity: string | null;
  readonly risk: string | null;
  /** P8.6, INV-49. */
  readonly ceoInformed: boolean;
  readonly ceoInformedAt: string | null;
  readonly decisions: readonly BreachDecisionView[];
  readonly authorityNotifiedAt: string | null;
  readonly authorityReference: string | null;
  readonly notifiedLate: boolean | null;
  /** Art. 33(4): what the phased notification still owes. */
  readonly followUpsMissing: readonly string[];
  readonly closedAt: string | null;
}

const HOUR_MS = 3_600_000;

const entryAt = async (
  clock: ReadModelReader<BreachClockSchema>,
  row: IncidentRow,
  at: Date,
): Promise<BreachClockEntry> => {
  const { incidentId } = row;
  const [decisions, approvals] = await Promise.all([
    clock.find("decisions", { incidentId }),
    clock.find("approvals", { incidentId }, { orderBy: ["approvedAt"] }),
  ]);
  const hoursLeft =
    row.authorityDueAt === null ? null : (Date.parse(row.authorityDueAt) - at.getTime()) / HOUR_MS;
  return {
    incidentId,
    reportedAt: row.reportedAt,
    awareAt: row.awareAt,
    authorityDueAt: row.authorityDueAt,
    hoursLeft,
    overdue: hoursLeft !== null && hoursLeft < 0 && row.authorityNotifiedAt === null,
    severity: row.severity,
    risk: row.risk,
    ceoInformed: row.ceoInformedAt !== null,
    ceoInformedAt: row.ceoInformedAt,
    decisions: decisions.map((d) => ({
      decisionId: d.decisionId,
      about: d.about,
      proposedAt: d.proposedAt,
      takenAt: d.takenAt,
      approvals: approvals
        .filter((a) => a.decisionId === d.decisionId)
        .map((a) => ({ as: a.as, actorId: a.actorId, approvedAt: a.approvedAt })),
    })),
    authorityNotifiedAt: row.authorityNotifiedAt,
    authorityReference: row.authorityReference,
    notifiedLate: row.notifiedLate === null ? null : row.notifiedLate === 1,
    followUpsMissing: row.followUpsMissing === null ? [] : (JSON.parse(row.followUpsMissing) as string[]),
    closedAt: row.closedAt,
  };
};

/** Open incidents (P8.8: until closed) at `at`, the most urgent clock first, clocks not yet started last. */
export const openBreachClocks = async (
  clock: ReadModelReader<BreachClockSchema>,
  at: Date,
): Promise<BreachClockEntry[]> => {
  const rows = await clock.find("incidents", { closedAt: null });
  const entries = await Promise.all(rows.map((row) => entryAt(clock, row, at)));
  return entries.sort(
    (a, b) =>
      (a.hoursLeft ?? Number.POSITIVE_INFINITY) - (b.hoursLeft ?? Number.POSITIVE_INFINITY) ||
      (a.incidentId < b.incidentId ? -1 : 1),
  );
};

/** One incident's clock, open or closed; undefined when unknown. */
export const breachClock = async (
  clock: ReadModelReader<BreachClockSchema>,
  incidentId: string,
  at: Date,
): Promise<BreachClockEntry | undefined> => {
  const row = await clock.get("incidents", { incidentId });
  return row && entryAt(clock, row, at);
};
