import type { ReadModelReader } from "../../projection/readModel.js";
import type { EscalationLogSchema } from "./escalationLogProjection.js";

export interface EscalationApprover {
  readonly actorId: string;
  readonly as: string;
}

/** One step of a breach decision, as the escalation log shows it (P8.6, P8.7). */
export interface EscalationEntry {
  readonly incidentId: string;
  readonly decisionId: string;
  readonly step: "proposed" | "approved" | "taken";
  readonly about: string | null;
  readonly at: string;
  /** approved: the role approved as; otherwise null. */
  readonly as: string | null;
  /** approved: the approver; otherwise the actor who recorded the step. */
  readonly actorId: string;
  /** taken: the approvers and their roles (D6: CEO and CTO, distinct people, in a serious case). */
  readonly approvers: readonly EscalationApprover[];
  readonly severity: string | null;
  /** P8.6, INV-49: the CEO was informed at or before this step. */
  readonly ceoInformedBefore: boolean;
  readonly ceoInformedAt: string | null;
}

/** Every decision step in log order, of one incident or all. */
export const escalationLog = async (
  log: ReadModelReader<EscalationLogSchema>,
  filter: { readonly incidentId?: string } = {},
): Promise<EscalationEntry[]> => {
  const [steps, incidents] = await Promise.all([
    log.find("steps", { incidentId: filter.incidentId }, { orderBy: ["globalPosition"] }),
    log.find("incidents", { incidentId: filter.incidentId }),
  ]);
  const incidentOf = new Map(incidents.map((i) => [i.incidentId, i]));
  return steps.map((row) => {
    const incident = incidentOf.get(row.incidentId);
    const ceoInformedAt = incident?.ceoInformedAt ?? null;
    return {
      incidentId: row.incidentId,
      decisionId: row.decisionId,
      step: row.step as EscalationEntry["step"],
      about: row.about,
      at: row.at,
      as: row.as,
      actorId: row.actorId,
      approvers: row.approvers === null ? [] : (JSON.parse(row.approvers) as EscalationApprover[]),
      severity: incident?.severity ?? null,
      ceoInformedBefore: ceoInformedAt !== null && Date.parse(ceoInformedAt) <= Date.parse(row.at),
      ceoInformedAt,
    };
  });
};

/** One decision summed up: proposed, each approval by role, taken with its approvers. */
export interface EscalatedDecision {
  readonly incidentId: string;
  readonly decisionId: string;
  readonly about: string | null;
  readonly proposedAt: string | null;
  readonly approvals: readonly (EscalationApprover & { readonly approvedAt: string })[];
  readonly takenAt: string | null;
  readonly approvers: readonly EscalationApprover[];
  /** INV-50, D6: approved by a CEO and a CTO who are distinct people. */
  readonly jointlyApproved: boolean;
  readonly severity: string | null;
  /** P8.6, INV-49: the CEO was informed before the decision was taken (or, while open, by now). */
  readonly ceoInformedBefore: boolean;
}

/** The decisions of an incident in the order they were first proposed or recorded. */
export const escalatedDecisions = async (
  log: ReadModelReader<EscalationLogSchema>,
  incidentId: string,
): Promise<EscalatedDecision[]> => {
  const decisions = new Map<string, EscalationEntry[]>();
  for (const entry of await escalationLog(log, { incidentId }))
    decisions.set(entry.decisionId, [...(decisions.get(entry.decisionId) ?? []), entry]);
  return [...decisions].map(([decisionId, steps]) => {
    const proposed = steps.find((s) => s.step === "proposed");
    const taken = steps.findLast((s) => s.step === "taken");
    const approvals = steps
      .filter((s) => s.step === "approved")
      .map((s) => ({ actorId: s.actorId, as: s.as ?? "", approvedAt: s.at }));
    const approvers = taken?.approvers ?? [];
    const ceo = approvers.find((a) => a.as === "CEO");
    const cto = approvers.find((a) => a.as === "CTO");
    const last = taken ?? steps[steps.length - 1]!;
    return {
      incidentId,
      decisionId,
      about: taken?.about ?? proposed?.about ?? null,
      proposedAt: proposed?.at ?? null,
      approvals,
      takenAt: taken?.at ?? null,
      approvers,
      jointlyApproved: ceo !== undefined && cto !== undefined && ceo.actorId !== cto.actorId,
      severity: last.severity,
      ceoInformedBefore: taken === undefined ? last.ceoInformedAt !== null : taken.ceoInformedBefore,
    };
  });
};
