import { defineProjection } from "../../projection/projection.js";

/**
 * One rights request in the outcome register (gdpr-domain §5(c)2, §5(c)20). Only ids, codes and instants:
 * the request's wording and the reasons given to the person (personal data, class `accountability`) are not
 * copied, so the register holds nothing an erasure must take back (P7.b) and can be kept as the record that
 * answers were given in time (Art. 5(2), Art. 12(3)).
 */
export type RightsOutcomeRow = {
  readonly requestId: string;
  readonly subjectId: string;
  readonly right: string;
  readonly channel: string;
  /** INV-34: as recorded at intake, never changed. */
  readonly receivedAt: string;
  /** One month after receipt (P7.2, Art. 12(3)), computed by the legal calendar. */
  readonly dueAt: string;
  readonly dueDate: string;
  /** The one extension (P7.2, INV-36), when taken. */
  readonly extendedDueAt: string | null;
  readonly extendedDueDate: string | null;
  /** INV-37, Art. 12(4): the refusal ground (a code), when refused. */
  readonly refusedGround: string | null;
  readonly refusedAt: string | null;
  /** INV-45: what the person was told at the end. */
  readonly outcome: string | null;
  readonly closedAt: string | null;
  /** 1 once closed, else 0 (the register lists closed requests). */
  readonly closed: number;
  /** 1 when closed at or before the deadline that applied (the extended one when taken), 0 when late. */
  readonly onTime: number | null;
};

/** INV-38, Art. 12(5), 15(3): one fee charged for a request, keyed by its event (idempotent on any store). */
export type FeeRow = {
  readonly eventId: string;
  readonly requestId: string;
  readonly ground: string;
  readonly amountCents: number;
};

export type OutcomeRegisterSchema = { readonly outcomes: RightsOutcomeRow; readonly fees: FeeRow };

/** Art. 12(3), P7.2: answered in time when closed at or before the due instant that applied. */
export const answeredOnTime = (row: Pick<RightsOutcomeRow, "dueAt" | "extendedDueAt">, closedAt: string) =>
  Date.parse(closedAt) <= Date.parse(row.extendedDueAt ?? row.dueAt);

/** The rights-request outcome register: P7, P7.1, P7.2, INV-34, INV-36-INV-38, INV-45, Art. 12. */
export const outcomeRegisterProjection = defineProjection<
  OutcomeRegisterSchema,
  "RightsRequestReceived" | "DeadlineExtended" | "RequestRefused" | "FeeCharged" | "RightsRequestClosed"
>({
  name: "rights_outcomes",
  version: 1,
  tables: {
    outcomes: {
      columns: {
        requestId: "text",
        subjectId: "text",
        right: "text",
        channel: "text",
        receivedAt: "text",
        dueAt: "text",
        dueDate: "text",
        extendedDueAt: "text",
        extendedDueDate: "text",
        refusedGround: "text",
        refusedAt: "text",
        outcome: "text",
        closedAt: "text",
        closed: "integer",
        onTime: "integer",
      },
      key: ["requestId"],
      indexes: [["closed", "closedAt"], ["subjectId"]],
    },
    fees: {
      columns: { eventId: "text", requestId: "text", ground: "text", amountCents: "integer" },
      key: ["eventId"],
      indexes: [["requestId"]],
    },
  },
  handles: [
    "RightsRequestReceived",
    "DeadlineExtended",
    "RequestRefused",
    "FeeCharged",
    "RightsRequestClosed",
  ],
  handle(event, tx) {
    const set = (requestId: string, changes: Partial<RightsOutcomeRow>) =>
      tx.update("outcomes", { requestId }, changes);
    switch (event.type) {
      case "RightsRequestReceived": {
        const d = event.data;
        tx.upsert("outcomes", {
          requestId: d.requestId,
          subjectId: d.subjectId,
          right: d.right,
          channel: d.channel,
          receivedAt: d.receivedAt,
          dueAt: d.dueAt,
          dueDate: d.dueDate,
          extendedDueAt: null,
          extendedDueDate: null,
          refusedGround: null,
          refusedAt: null,
          outcome: null,
          closedAt: null,
          closed: 0,
          onTime: null,
        });
        return;
      }
      case "DeadlineExtended":
        set(event.data.requestId, {
          extendedDueAt: event.data.extendedDueAt,
          extendedDueDate: event.data.extendedDueDate,
        });
        return;
      case "RequestRefused":
        set(event.data.requestId, { refusedGround: event.data.ground, refusedAt: event.data.refusedAt });
        return;
      case "FeeCharged":
        tx.upsert("fees", {
          eventId: event.id,
          requestId: event.data.requestId,
          ground: event.data.ground,
          amountCents: event.data.amountCents,
        });
        return;
      case "RightsRequestClosed": {
        const row = tx.get("outcomes", { requestId: event.data.requestId });
        if (!row) return;
        set(row.requestId, {
          outcome: event.data.outcome,
          closedAt: event.data.closedAt,
          closed: 1,
          onTime: answeredOnTime(row, event.data.closedAt) ? 1 : 0,
        });
        return;
      }
    }
  },
});
