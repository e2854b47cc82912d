import type { AuthorityNotificationContents } from "@privacy-ledger/domain";
import { defineProjection } from "../../projection/projection.js";

/**
 * One incident in the breach register (gdpr-domain §5(c)7; P8.8, Art. 33(5)): every breach, notified or
 * not, with the facts, its effects and the remedial action. The texts describe systems, causes and
 * measures, never persons (INV-56: the decider refuses an address or a number in them), and breach events
 * are never erased, so the register copies them as they are.
 */
export type BreachRecordRow = {
  readonly incidentId: string;
  /** Facts: what was reported, in which systems (a JSON list), when. */
  readonly reportedAt: string;
  readonly description: string;
  readonly systems: string;
  /** P8.5, INV-47: awareness and why; the 72 hours run from it. */
  readonly awareAt: string | null;
  readonly awarenessRationale: string | null;
  readonly authorityDueAt: string | null;
  /** P8.6, INV-48. */
  readonly severity: string | null;
  /** Effects: the risk to people (Art. 33(1), 34(1)) with its reasoning (INV-51: also when none). */
  readonly risk: string | null;
  readonly riskRationale: string | null;
  /** Art. 33(3)(a)-(d) as notified (and supplemented, Art. 33(4)). */
  readonly nature: string | null;
  readonly approximateSubjects: number | null;
  readonly approximateRecords: number | null;
  readonly likelyConsequences: string | null;
  readonly measures: string | null;
  readonly authorityNotifiedAt: string | null;
  readonly authorityReference: string | null;
  /** 1 when notified after the 72 hours (Art. 33(1)), 0 when within. */
  readonly notifiedLate: number | null;
  readonly lateReasons: string | null;
  /** Art. 34: when the people concerned were told, how many, or the Art. 34(3) ground for not telling them. */
  readonly subjectsNotifiedAt: string | null;
  readonly subjectsNotifiedCount: number | null;
  readonly subjectExemptionGround: string | null;
  /** P8.2, INV-55: no preventive improvement needed, and why. */
  readonly noImprovementReasons: string | null;
  /** P8.3. */
  readonly findingsReportedAt: string | null;
  readonly closedAt: string | null;
};

/** A cause found, a correction or an improvement (P8.2, P8.4): the remedial action, in order. */
export type BreachActionRow = {
  readonly eventId: string;
  readonly incidentId: string;
  /** rootCause, corrective or preventive. */
  readonly kind: string;
  readonly description: string;
  readonly at: string;
  readonly globalPosition: number;
};

export type BreachRegisterSchema = {
  readonly incidents: BreachRecordRow;
  readonly actions: BreachActionRow;
};

const contentsOf = (contents: AuthorityNotificationContents): Partial<BreachRecordRow> => ({
  ...(contents.nature === undefined ? {} : { nature: contents.nature }),
  ...(contents.approximateSubjects === undefined
    ? {}
    : { approximateSubjects: contents.approximateSubjects }),
  ...(contents.approximateRecords === undefined ? {} : { approximateRecords: contents.approximateRecords }),
  ...(contents.likelyConsequences === undefined ? {} : { likelyConsequences: contents.likelyConsequences }),
  ...(contents.measures === undefined ? {} : { measures: contents.measures }),
});

/** The breach register: P8.2-P8.8, INV-47, INV-51-INV-53, INV-55, INV-56, Art. 33(5). */
export const breachRegisterProjection = defineProjection<
  BreachRegisterSchema,
  | "PossibleBreachReported"
  | "BreachAwarenessEstablished"
  | "SeverityClassified"
  | "RiskAssessed"
  | "RootCauseRecorded"
  | "CorrectiveMeasureTaken"
  | "PreventiveImprovementImplemented"
  | "NoPreventiveImprovementNeeded"
  | "AuthorityNotified"
  | "AuthorityNotificationSupplemented"
  | "DataSubjectsNotified"
  | "SubjectNotificationExempted"
  | "FindingsReported"
  | "IncidentClosed"
>({
  name: "breach_register",
  version: 1,
  tables: {
    incidents: {
      columns: {
        incidentId: "text",
        reportedAt: "text",
        description: "text",
        systems: "text",
        awareAt: "text",
        awarenessRationale: "text",
        authorityDueAt: "text",
        severity: "text",
        risk: "text",
        riskRationale: "text",
        nature: "text",
        approximateSubjects: "real",
        approximateRecords: "real",
        likelyConsequences: "text",
        measures: "text",
        authorityNotifiedAt: "text",
        authorityReference: "text",
        notifiedLate: "integer",
        lateReasons: "text",
        subjectsNotifiedAt: "text",
        subjectsNotifiedCount: "real",
        subjectExemptionGround: "text",
        noImprovementReasons: "text",
        findingsReportedAt: "text",
        closedAt: "text",
      },
      key: ["incidentId"],
      indexes: [["reportedAt"]],
    },
    actions: {
      columns: {
        eventId: "text",
        incidentId: "text",
        kind: "text",
        description: "text",
        at: "text",
        globalPosition: "integer",
      },
      key: ["eventId"],
      indexes: [["incidentId", "globalPosition"]],
    },
  },
  handles: [
    "PossibleBreachReported",
    "BreachAwarenessEstablished",
    "SeverityClassified",
    "RiskAssessed",
    "RootCauseRecorded",
    "CorrectiveMeasureTaken",
    "PreventiveImprovementImplemented",
    "NoPreventiveImprovementNeeded",
    "AuthorityNotified",
    "AuthorityNotificationSupplemented",
    "DataSubjectsNotified",
    "SubjectNotificationExempted",
    "FindingsReported",
    "IncidentClosed",
  ],
  handle(event, tx) {
    const set = (incidentId: string, changes: Partial<BreachRecordRow>) =>
      tx.update("incidents", { incidentId }, changes);
    const action = (kind: string, description: string, at: string) =>
      tx.upsert("actions", {
        eventId: event.id,
        incidentId: event.data.incidentId,
        kind,
        description,
        at,
        globalPosition: event.globalPosition,
      });
    switch (event.type) {
      case "PossibleBreachReported":
        tx.upsert("incidents", {
          incidentId: event.data.incidentId,
          reportedAt: event.data.reportedAt,
          description: event.data.description,
          systems: JSON.stringify(event.data.systems),
          awareAt: null,
          awarenessRationale: null,
          authorityDueAt: null,
          severity: null,
          risk: null,
          riskRationale: null,
          nature: null,
          approximateSubjects: null,
          approximateRecords: null,
          likelyConsequences: null,
          measures: null,
          authorityNotifiedAt: null,
          authorityReference: null,
          notifiedLate: null,
          lateReasons: null,
          subjectsNotifiedAt: null,
          subjectsNotifiedCount: null,
          subjectExemptionGround: null,
          noImprovementReasons: null,
          findingsReportedAt: null,
          closedAt: null,
        });
        return;
      case "BreachAwarenessEstablished":
        set(event.data.incidentId, {
          awareAt: event.data.awareAt,
          awarenessRationale: event.data.rationale,
          authorityDueAt: event.data.authorityDueAt,
        });
        return;
      case "SeverityClassified":
        set(event.data.incidentId, { severity: event.data.severity });
        return;
      case "RiskAssessed":
        set(event.data.incidentId, { risk: event.data.risk, riskRationale: event.data.rationale });
        return;
      case "RootCauseRecorded":
        action("rootCause", event.data.cause, event.data.recordedAt);
        return;
      case "CorrectiveMeasureTaken":
        action("corrective", event.data.description, event.data.takenAt);
        return;
      case "PreventiveImprovementImplemented":
        action("preventive", event.data.description, event.data.implementedAt);
        return;
      case "NoPreventiveImprovementNeeded":
        set(event.data.incidentId, { noImprovementReasons: event.data.reasons });
        return;
      case "AuthorityNotified":
        set(event.data.incidentId, {
          ...contentsOf(event.data.contents),
          authorityNotifiedAt: event.data.notifiedAt,
          authorityReference: event.data.authorityReference,
          notifiedLate: event.data.late ? 1 : 0,
          lateReasons: event.data.lateReasons ?? null,
        });
        return;
      case "AuthorityNotificationSupplemented":
        set(event.data.incidentId, contentsOf(event.data.contents));
        return;
      case "DataSubjectsNotified":
        set(event.data.incidentId, {
          subjectsNotifiedAt: event.data.notifiedAt,
          subjectsNotifiedCount: event.data.approximateCount,
        });
        return;
      case "SubjectNotificationExempted":
        set(event.data.incidentId, { subjectExemptionGround: event.data.ground });
        return;
      case "FindingsReported":
        set(event.data.incidentId, { findingsReportedAt: event.data.reportedAt });
        return;
      case "IncidentClosed":
        set(event.data.incidentId, { closedAt: event.data.closedAt });
        return;
    }
  },
});
