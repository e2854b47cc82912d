import { defineProjection } from "../../projection/projection.js";

/** One incident on the 72-hour clock (gdpr-domain §5(c)6). Texts about the breach are not copied here. */
export type IncidentRow = {
  readonly incidentId: string;
  readonly reportedAt: string;
  /** P8.5, INV-47, Art. 33(1): the clock runs from awareness. */
  readonly awareAt: string | null;
  /** 72 hours after awareness, through weekends (computed by the legal calendar, copied from the event). */
  readonly authorityDueAt: string | null;
  readonly severity: string | null;
  readonly risk: string | null;
  /** P8.6, INV-49. */
  readonly ceoInformedAt: string | null;
  readonly authorityNotifiedAt: string | null;
  /** The Autoriteit Persoonsgegevens' reference of the notification. */
  readonly authorityReference: string | null;
  /** 1 when the notification came after 72 hours (Art. 33(1): with reasons for the delay). */
  readonly notifiedLate: number | null;
  /** Art. 33(4): the Art. 33(3) items still to follow, as a JSON list. */
  readonly followUpsMissing: string | null;
  readonly closedAt: string | null;
};

/** P8.7, INV-50: a decision put to the approvers, and when it was taken. */
export type DecisionRow = {
  readonly incidentId: string;
  readonly decisionId: string;
  readonly about: string | null;
  readonly proposedAt: string | null;
  readonly takenAt: string | null;
};

/** One approval of a decision, by role (D6: CEO and CTO, distinct people, in a serious case). */
export type ApprovalRow = {
  readonly incidentId: string;
  readonly decisionId: string;
  readonly as: string;
  readonly actorId: string;
  readonly approvedAt: string;
};

export type BreachClockSchema = {
  readonly incidents: IncidentRow;
  readonly decisions: DecisionRow;
  readonly approvals: ApprovalRow;
};

/** The breach 72-hour clock: P8.5-P8.8, INV-47-INV-52, Art. 33. */
export const breachClockProjection = defineProjection<
  BreachClockSchema,
  | "PossibleBreachReported"
  | "BreachAwarenessEstablished"
  | "SeverityClassified"
  | "CEOInformed"
  | "RiskAssessed"
  | "DecisionProposed"
  | "DecisionApproved"
  | "DecisionTaken"
  | "AuthorityNotified"
  | "AuthorityNotificationSupplemented"
  | "IncidentClosed"
>({
  name: "breach_clock",
  version: 1,
  tables: {
    incidents: {
      columns: {
        incidentId: "text",
        reportedAt: "text",
        awareAt: "text",
        authorityDueAt: "text",
        severity: "text",
        risk: "text",
        ceoInformedAt: "text",
        authorityNotifiedAt: "text",
        authorityReference: "text",
        notifiedLate: "integer",
        followUpsMissing: "text",
        closedAt: "text",
      },
      key: ["incidentId"],
      indexes: [["closedAt"]],
    },
    decisions: {
      columns: { incidentId: "text", decisionId: "text", about: "text", proposedAt: "text", takenAt: "text" },
      key: ["incidentId", "decisionId"],
    },
    approvals: {
      columns: { incidentId: "text", decisionId: "text", as: "text", actorId: "text", approvedAt: "text" },
      key: ["incidentId", "decisionId", "as"],
    },
  },
  handles: [
    "PossibleBreachReported",
    "BreachAwarenessEstablished",
    "SeverityClassified",
    "CEOInformed",
    "RiskAssessed",
    "DecisionProposed",
    "DecisionApproved",
    "DecisionTaken",
    "AuthorityNotified",
    "AuthorityNotificationSupplemented",
    "IncidentClosed",
  ],
  handle(event, tx) {
    const set = (incidentId: string, changes: Partial<IncidentRow>) =>
      tx.update("incidents", { incidentId }, changes);
    const decision = (incidentId: string, decisionId: string, changes: Partial<DecisionRow>) => {
      const current = tx.get("decisions", { incidentId, decisionId });
      tx.upsert("decisions", {
        incidentId,
        decisionId,
        about: null,
        proposedAt: null,
        takenAt: null,
        ...current,
        ...changes,
      });
    };
    switch (event.type) {
      case "PossibleBreachReported":
        tx.upsert("incidents", {
          incidentId: event.data.incidentId,
          reportedAt: event.data.reportedAt,
          awareAt: null,
          authorityDueAt: null,
          severity: null,
          risk: null,
          ceoInformedAt: null,
          authorityNotifiedAt: null,
          authorityReference: null,
          notifiedLate: null,
          followUpsMissing: null,
          closedAt: null,
        });
        return;
      case "BreachAwarenessEstablished":
        set(event.data.incidentId, {
          awareAt: event.data.awareAt,
          authorityDueAt: event.data.authorityDueAt,
        });
        return;
      case "SeverityClassified":
        set(event.data.incidentId, { severity: event.data.severity });
        return;
      case "CEOInformed":
        set(event.data.incidentId, { ceoInformedAt: event.data.informedAt });
        return;
      case "RiskAssessed":
        set(event.data.incidentId, { risk: event.data.risk });
        return;
      case "DecisionProposed":
        decision(event.data.incidentId, event.data.decisionId, {
          about: event.data.about,
          proposedAt: event.data.proposedAt,
        });
        return;
      case "DecisionApproved":
        tx.upsert("approvals", {
          incidentId: event.data.incidentId,
          decisionId: event.data.decisionId,
          as: event.data.as,
          actorId: event.data.approvedBy,
          approvedAt: event.data.approvedAt,
        });
        return;
      case "DecisionTaken":
        decision(event.data.incidentId, event.data.decisionId, {
          about: event.data.about,
          takenAt: event.data.takenAt,
        });
        return;
      case "AuthorityNotified":
        set(event.data.incidentId, {
          authorityNotifiedAt: event.data.notifiedAt,
          authorityReference: event.data.authorityReference,
          notifiedLate: event.data.late ? 1 : 0,
          followUpsMissing: JSON.stringify(event.data.missing),
        });
        return;
      case "AuthorityNotificationSupplemented":
        set(event.data.incidentId, { followUpsMissing: JSON.stringify(event.data.missing) });
        return;
      case "IncidentClosed":
        set(event.data.incidentId, { closedAt: event.data.closedAt });
        return;
    }
  },
});
