import { defineProjection } from "../../projection/projection.js";

/** What the escalation log needs of an incident: its severity and when the CEO was informed (P8.6). */
export type EscalationIncidentRow = {
  readonly incidentId: string;
  readonly severity: string | null;
  /** P8.6, INV-49. */
  readonly ceoInformedAt: string | null;
};

/**
 * One step of a breach decision (P8.7, INV-50): proposed, approved by one role, or taken with its
 * approvers. Ids, codes and instants only; the proposal's wording is not copied.
 */
export type EscalationStepRow = {
  readonly eventId: string;
  readonly incidentId: string;
  readonly decisionId: string;
  /** proposed, approved, taken */
  readonly step: string;
  /** notifyAuthority, notNotifyAuthority, notifySubjects, exemptSubjects; null on an approval. */
  readonly about: string | null;
  readonly at: string;
  /** The approval's role (CEO, CTO); null otherwise. */
  readonly as: string | null;
  /** The approver (approved); the actor who recorded the step otherwise. */
  readonly actorId: string;
  /** taken: the approvers with their roles, as a JSON list of `{ actorId, as }`. */
  readonly approvers: string | null;
  readonly globalPosition: number;
};

export type EscalationLogSchema = {
  readonly incidents: EscalationIncidentRow;
  readonly steps: EscalationStepRow;
};

/** The escalation log: P8.6, P8.7, INV-49, INV-50, decision D6. */
export const escalationLogProjection = defineProjection<
  EscalationLogSchema,
  | "PossibleBreachReported"
  | "SeverityClassified"
  | "CEOInformed"
  | "DecisionProposed"
  | "DecisionApproved"
  | "DecisionTaken"
>({
  name: "escalation_log",
  version: 1,
  tables: {
    incidents: {
      columns: { incidentId: "text", severity: "text", ceoInformedAt: "text" },
      key: ["incidentId"],
    },
    steps: {
      columns: {
        eventId: "text",
        incidentId: "text",
        decisionId: "text",
        step: "text",
        about: "text",
        at: "text",
        as: "text",
        actorId: "text",
        approvers: "text",
        globalPosition: "integer",
      },
      key: ["eventId"],
      indexes: [["incidentId"], ["globalPosition"]],
    },
  },
  handles: [
    "PossibleBreachReported",
    "SeverityClassified",
    "CEOInformed",
    "DecisionProposed",
    "DecisionApproved",
    "DecisionTaken",
  ],
  handle(event, tx) {
    const incident = (incidentId: string, changes: Partial<EscalationIncidentRow>) =>
      tx.upsert("incidents", {
        incidentId,
        severity: null,
        ceoInformedAt: null,
        ...tx.get("incidents", { incidentId }),
        ...changes,
      });
    const step = (
      incidentId: string,
      decisionId: string,
      row: Pick<EscalationStepRow, "step" | "about" | "at" | "as" | "actorId" | "approvers">,
    ) =>
      tx.upsert("steps", {
        eventId: event.id,
        incidentId,
        decisionId,
        globalPosition: event.globalPosition,
        ...row,
      });
    switch (event.type) {
      case "PossibleBreachReported":
        incident(event.data.incidentId, {});
        return;
      case "SeverityClassified":
        incident(event.data.incidentId, { severity: event.data.severity });
        return;
      case "CEOInformed":
        incident(event.data.incidentId, { ceoInformedAt: event.data.informedAt });
        return;
      case "DecisionProposed":
        step(event.data.incidentId, event.data.decisionId, {
          step: "proposed",
          about: event.data.about,
          at: event.data.proposedAt,
          as: null,
          actorId: event.metadata.actor.id,
          approvers: null,
        });
        return;
      case "DecisionApproved":
        step(event.data.incidentId, event.data.decisionId, {
          step: "approved",
          about: null,
          at: event.data.approvedAt,
          as: event.data.as,
          actorId: event.data.approvedBy,
          approvers: null,
        });
        return;
      case "DecisionTaken":
        step(event.data.incidentId, event.data.decisionId, {
          step: "taken",
          about: event.data.about,
          at: event.data.takenAt,
          as: null,
          actorId: event.metadata.actor.id,
          approvers: JSON.stringify(event.data.approvers.map((a) => ({ actorId: a.actorId, as: a.as }))),
        });
        return;
    }
  },
});
