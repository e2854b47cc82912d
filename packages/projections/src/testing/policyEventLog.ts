import { randomUUID } from "node:crypto";
import {
  legalCalendar,
  type RefusalGround,
  type RequestChannel,
  type RequestOutcome,
  type Right,
} from "@privacy-ledger/domain";
import type { Actor, EventStore } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { encodePolicyEvent, type PolicyEvent } from "../projection/policyEvents.js";

/**
 * Test support: appends policy events to any store as a writer would (encoded by their catalogs, with
 * metadata), and builds the events the board and the clock read, deadlines computed by the legal calendar.
 */
export const staff: Actor = { id: "actor-emp", roles: ["employee"] };
export const cto: Actor = { id: "actor-cto", roles: ["CTO", "management"] };
export const ceo: Actor = { id: "actor-ceo", roles: ["CEO", "generalDirector", "management"] };

export const appendPolicyEvents = async (
  store: EventStore,
  streamId: string,
  events: readonly PolicyEvent[],
  options: { readonly actor?: Actor; readonly occurredAt?: string } = {},
): Promise<number[]> => {
  const result = await store.append(
    streamId,
    events.map((event) => {
      const encoded = encodePolicyEvent(event);
      return {
        id: randomUUID(),
        type: encoded.type,
        schemaVersion: encoded.schemaVersion,
        data: encoded.data,
        metadata: {
          actor: options.actor ?? staff,
          correlationId: "corr-test",
          causationId: "cause-test",
          occurredAt: options.occurredAt ?? "2026-01-30T09:00:00Z",
          clauses: encoded.clauses,
        },
      };
    }),
  );
  if (isLeft(result)) throw new Error(`append to ${streamId} failed: ${result.left.kind}`);
  return [...result.right.globalPositions];
};

const calendar = legalCalendar();

/** A rights request received at `receivedAt`, its one-month deadline from the legal calendar (P7.2). */
export const requestReceived = (
  subjectId: string,
  requestId: string,
  receivedAt: string,
  description?: string,
  fields: { readonly right?: Right; readonly channel?: RequestChannel } = {},
): PolicyEvent => {
  const deadline = calendar.oneMonthDeadline(new Date(receivedAt));
  return {
    type: "RightsRequestReceived",
    data: {
      subjectId,
      requestId,
      right: fields.right ?? "access",
      channel: fields.channel ?? "email",
      receivedAt,
      dueAt: deadline.dueAt.toISOString(),
      dueDate: deadline.date,
      deadlineBasis: deadline.basis,
      activityId: "act-rights",
      ...(description === undefined ? {} : { description }),
    },
  };
};

/** P7.2: the one extension, with its reasons sent at `reasonsSentAt`. */
export const deadlineExtended = (
  subjectId: string,
  requestId: string,
  receivedAt: string,
  reasonsSentAt: string,
): PolicyEvent => {
  const original = calendar.oneMonthDeadline(new Date(receivedAt));
  const extended = calendar.extendedDeadline(new Date(receivedAt));
  return {
    type: "DeadlineExtended",
    data: {
      subjectId,
      requestId,
      originalDueAt: original.dueAt.toISOString(),
      extendedDueAt: extended.dueAt.toISOString(),
      extendedDueDate: extended.date,
      deadlineBasis: extended.basis,
      reasons: "many requests at once",
      reasonsSentAt,
    },
  };
};

export const requestClosed = (
  subjectId: string,
  requestId: string,
  closedAt: string,
  outcome: RequestOutcome = "granted",
): PolicyEvent => ({
  type: "RightsRequestClosed",
  data: {
    subjectId,
    requestId,
    outcome,
    communicatedAt: closedAt,
    communicatedBy: "email",
    closedAt,
  },
});

/** INV-37, Art. 12(4): a refusal on `ground`, with reasons (personal data) and the remedies stated. */
export const requestRefused = (
  subjectId: string,
  requestId: string,
  refusedAt: string,
  ground: RefusalGround = "manifestlyUnfounded",
): PolicyEvent => ({
  type: "RequestRefused",
  data: {
    subjectId,
    requestId,
    ground,
    reasons: "the same request for the fourth time this month",
    complaintToAuthorityStated: true,
    judicialRemedyStated: true,
    refusedAt,
  },
});

/** P8.2, P8.5: a breach reported and, at `awareAt`, awareness established; the 72 hours run from it. */
export const breachOpened = (incidentId: string, awareAt: string): PolicyEvent[] => [
  {
    type: "PossibleBreachReported",
    data: {
      incidentId,
      reportedAt: awareAt,
      description: "backup bucket readable from outside",
      systems: ["backups"],
      investigationDueAt: awareAt,
    },
  },
  {
    type: "BreachAwarenessEstablished",
    data: {
      incidentId,
      awareAt,
      rationale: "access logs confirm reads",
      authorityDueAt: calendar.breachNotificationDeadline(new Date(awareAt)).toISOString(),
    },
  },
];
