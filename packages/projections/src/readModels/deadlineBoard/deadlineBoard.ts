import type { ReadModelReader } from "../../projection/readModel.js";
import { calendarDaysUntil } from "../calendarDays.js";
import type { DeadlineBoardSchema, RightsRequestRow } from "./deadlineBoardProjection.js";

export type IdentityState = "unverified" | "requested" | "verified" | "notEstablished";

/** One open request as the board shows it at an instant. */
export interface DeadlineBoardEntry {
  readonly requestId: string;
  readonly subjectId: string;
  readonly right: string;
  readonly channel: string;
  readonly receivedAt: string;
  /** One month after receipt (P7.2, Art. 12(3)). */
  readonly dueAt: string;
  readonly dueDate: string;
  /** After the one extension (P7.2, INV-36), or null. */
  readonly extendedDueAt: string | null;
  readonly extendedDueDate: string | null;
  /** The deadline that binds now: the extended one when the extension was taken. */
  readonly effectiveDueAt: string;
  readonly effectiveDueDate: string;
  /** Dutch calendar days to the effective due date: 0 on the day itself, negative once past. */
  readonly daysLeft: number;
  /** Hours to the effective deadline (fractional), negative once past. */
  readonly hoursLeft: number;
  readonly overdue: boolean;
  /**
   * Art. 12(3), P7.2: an extension must be told to the person, with its reasons, within the first month;
   * so the notice must go out by the original due instant. Null once the extension was taken.
   */
  readonly extensionNoticeBy: string | null;
  readonly identity: IdentityState;
  readonly refused: boolean;
  /** The request's wording, or null (none given, or erased with its key). */
  readonly description: string | null;
}

const HOUR_MS = 3_600_000;

const entryAt = (row: RightsRequestRow, at: Date): DeadlineBoardEntry => {
  const effectiveDueAt = row.extendedDueAt ?? row.dueAt;
  const effectiveDueDate = row.extendedDueDate ?? row.dueDate;
  const hoursLeft = (Date.parse(effectiveDueAt) - at.getTime()) / HOUR_MS;
  return {
    requestId: row.requestId,
    subjectId: row.subjectId,
    right: row.right,
    channel: row.channel,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    dueDate: row.dueDate,
    extendedDueAt: row.extendedDueAt,
    extendedDueDate: row.extendedDueDate,
    effectiveDueAt,
    effectiveDueDate,
    daysLeft: calendarDaysUntil(at, effectiveDueDate),
    hoursLeft,
    overdue: hoursLeft < 0,
    extensionNoticeBy: row.extendedDueAt === null ? row.dueAt : null,
    identity: row.identity as IdentityState,
    refused: row.refusedAt !== null,
    description: row.description,
  };
};

/** Open rights requests (not closed, INV-45) at `at`, the nearest deadline first. */
export const openRightsRequests = async (
  board: ReadModelReader<DeadlineBoardSchema>,
  options: { readonly at: Date; readonly subjectId?: string },
): Promise<DeadlineBoardEntry[]> => {
  const rows = await board.find("requests", {
    closedAt: null,
    ...(options.subjectId === undefined ? {} : { subjectId: options.subjectId }),
  });
  return rows
    .map((row) => entryAt(row, options.at))
    .sort(
      (a, b) =>
        Date.parse(a.effectiveDueAt) - Date.parse(b.effectiveDueAt) || (a.requestId < b.requestId ? -1 : 1),
    );
};

/** Open requests past their deadline at `at` (INV-34: a late answer is a breach of Art. 12(3)). */
export const overdueRightsRequests = async (
  board: ReadModelReader<DeadlineBoardSchema>,
  at: Date,
): Promise<DeadlineBoardEntry[]> =>
  (await openRightsRequests(board, { at })).filter((entry) => entry.overdue);

/** One request, open or closed, as the board shows it at `at`; undefined when unknown. */
export const rightsRequestOnBoard = async (
  board: ReadModelReader<DeadlineBoardSchema>,
  requestId: string,
  at: Date,
): Promise<
  (DeadlineBoardEntry & { readonly outcome: string | null; readonly closedAt: string | null }) | undefined
> => {
  const row = await board.get("requests", { requestId });
  return row && { ...entryAt(row, at), outcome: row.outcome, closedAt: row.closedAt };
};
