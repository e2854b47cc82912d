import type { ReadModelReader } from "../../projection/readModel.js";
import { type ComplianceFigure, complianceFigure } from "../outcomeRegister/outcomeRegister.js";
import type { BreachRecordRow, BreachRegisterSchema } from "./breachRegisterProjection.js";

export interface BreachRemedialAction {
  readonly kind: "rootCause" | "corrective" | "preventive";
  readonly description: string;
  readonly at: string;
}

/** One incident as the Art. 33(5) register documents it: facts, effects, remedial action, notification. */
export interface BreachRegisterEntry {
  readonly incidentId: string;
  readonly facts: {
    readonly reportedAt: string;
    readonly description: string;
    readonly systems: readonly string[];
    readonly awareAt: string | null;
    readonly awarenessRationale: string | null;
    readonly nature: string | null;
    readonly approximateSubjects: number | null;
    readonly approximateRecords: number | null;
    readonly rootCauses: readonly string[];
  };
  readonly effects: {
    readonly severity: string | null;
    readonly risk: string | null;
    readonly riskRationale: string | null;
    readonly likelyConsequences: string | null;
  };
  readonly remedialAction: {
    readonly actions: readonly BreachRemedialAction[];
    readonly measuresNotified: string | null;
    /** INV-55: the reasons no preventive improvement was needed, when so recorded. */
    readonly noImprovementReasons: string | null;
  };
  readonly notification: {
    readonly authorityDueAt: string | null;
    readonly authorityNotifiedAt: string | null;
    readonly authorityReference: string | null;
    /** Art. 33(1): null while not notified. */
    readonly notifiedLate: boolean | null;
    readonly lateReasons: string | null;
    readonly subjectsNotifiedAt: string | null;
    readonly subjectsNotifiedCount: number | null;
    readonly subjectExemptionGround: string | null;
  };
  readonly findingsReportedAt: string | null;
  readonly closedAt: string | null;
}

const entryOf = async (
  register: ReadModelReader<BreachRegisterSchema>,
  row: BreachRecordRow,
): Promise<BreachRegisterEntry> => {
  const actions = (
    await register.find("actions", { incidentId: row.incidentId }, { orderBy: ["globalPosition"] })
  ).map((a) => ({ kind: a.kind as BreachRemedialAction["kind"], description: a.description, at: a.at }));
  return {
    incidentId: row.incidentId,
    facts: {
      reportedAt: row.reportedAt,
      description: row.description,
      systems: JSON.parse(row.systems) as string[],
      awareAt: row.awareAt,
      awarenessRationale: row.awarenessRationale,
      nature: row.nature,
      approximateSubjects: row.approximateSubjects,
      approximateRecords: row.approximateRecords,
      rootCauses: actions.filter((a) => a.kind === "rootCause").map((a) => a.description),
    },
    effects: {
      severity: row.severity,
      risk: row.risk,
      riskRationale: row.riskRationale,
      likelyConsequences: row.likelyConsequences,
    },
    remedialAction: {
      actions: actions.filter((a) => a.kind !== "rootCause"),
      measuresNotified: row.measures,
      noImprovementReasons: row.noImprovementReasons,
    },
    notification: {
      authorityDueAt: row.authorityDueAt,
      authorityNotifiedAt: row.authorityNotifiedAt,
      authorityReference: row.authorityReference,
      notifiedLate: row.notifiedLate === null ? null : row.notifiedLate === 1,
      lateReasons: row.lateReasons,
      subjectsNotifiedAt: row.subjectsNotifiedAt,
      subjectsNotifiedCount: row.subjectsNotifiedCount,
      subjectExemptionGround: row.subjectExemptionGround,
    },
    findingsReportedAt: row.findingsReportedAt,
    closedAt: row.closedAt,
  };
};

/**
 * P8.8, Art. 33(5): every incident, notified or not, in the order reported; `notified` keeps only those
 * notified to the authority (true) or not (false), `risk` those of one risk level.
 */
export const breachRegister = async (
  register: ReadModelReader<BreachRegisterSchema>,
  filter: { readonly notified?: boolean; readonly risk?: string } = {},
): Promise<BreachRegisterEntry[]> => {
  const rows = (
    await register.find("incidents", filter.risk === undefined ? {} : { risk: filter.risk }, {
      orderBy: ["reportedAt"],
    })
  ).filter((row) => filter.notified === undefined || (row.authorityNotifiedAt !== null) === filter.notified);
  return Promise.all(rows.map((row) => entryOf(register, row)));
};

/** One incident's register entry; undefined when unknown. */
export const breachRegisterEntry = async (
  register: ReadModelReader<BreachRegisterSchema>,
  incidentId: string,
): Promise<BreachRegisterEntry | undefined> => {
  const row = await register.get("incidents", { incidentId });
  return row && entryOf(register, row);
};

/**
 * gdpr-domain §5(c)20, Art. 33(1), INV-51: the share of breaches the authority had to hear of that it heard of
 * within 72 hours of awareness. Counted: every notified incident (on time unless the notification was late),
 * and at `at` every incident with a risk (not "none") whose 72 hours have passed unnotified (late).
 */
export const breachesNotifiedWithin72Hours = async (
  register: ReadModelReader<BreachRegisterSchema>,
  at: Date,
): Promise<ComplianceFigure> => {
  const rows = await register.find("incidents");
  const notified = rows.filter((row) => row.authorityNotifiedAt !== null);
  const overdue = rows.filter(
    (row) =>
      row.authorityNotifiedAt === null &&
      row.risk !== "none" &&
      row.authorityDueAt !== null &&
      Date.parse(row.authorityDueAt) < at.getTime(),
  );
  return complianceFigure(
    notified.length + overdue.length,
    notified.filter((row) => row.notifiedLate === 0).length,
  );
};
