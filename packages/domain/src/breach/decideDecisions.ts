import { reject } from "../shared/reject.js";
import { isOpaqueId } from "../shared/values.js";
import type { ApproveDecision, ProposeDecision } from "./commands.js";
import type { BreachEvent } from "./events.js";
import type { ApproverRole } from "./records.js";
import {
  actorHolds,
  type Check,
  type Decision,
  decided,
  firstFailure,
  instant,
  noContactDetails,
  open,
  required,
} from "./rules.js";
import type { BreachState } from "./state.js";

/**
 * P8.6, INV-49: a decision waits for the CTO's classification, and in a serious case for the CEO to
 * have been informed and involved.
 */
const readyToDecide = (state: BreachState): Check => {
  if (state.severity === undefined)
    return reject(
      "INV-49",
      "P8.6",
      undefined,
      "the CTO classifies the severity before any decision is taken",
    );
  if (state.severity === "serious" && !state.ceoInformed)
    return reject("INV-49", "P8.6", undefined, "in a serious case the CEO is informed before any decision");
  return undefined;
};

/** P8.7: the CTO (or the CEO) puts a decision to the approvers. */
export const proposeDecision = (command: ProposeDecision, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => open(state, "P8.7"),
      () => actorHolds(command.actor, ["CTO", "CEO"], "proposing a decision", "P8.7"),
      () => instant(command.at, "at", "P8.7"),
      () => readyToDecide(state),
      () =>
        isOpaqueId(command.decisionId)
          ? undefined
          : reject("BR-ID", "P8.7", undefined, "a decision id is opaque"),
      () =>
        state.decisions.has(command.decisionId)
          ? reject("BR-DUPLICATE", "P8.7", undefined, `decision ${command.decisionId} was already proposed`)
          : undefined,
      () => required(command.proposal, "BR-DECISION", "P8.7", undefined, "the proposal"),
      () => noContactDetails(command.proposal, "the proposal"),
    ),
    () => [
      {
        type: "DecisionProposed",
        data: {
          incidentId: state.incidentId,
          decisionId: command.decisionId,
          about: command.about,
          proposal: command.proposal,
          proposedAt: command.at,
        },
      },
    ],
  );

/** Which approvals take a decision: the CTO's in a minor case (P8.1); CEO and CTO, two people, in a serious one (P8.7, D6). */
const takes = (
  severity: BreachState["severity"],
  approvals: readonly { readonly actorId: string; readonly as: ApproverRole }[],
): boolean => {
  const cto = approvals.find((approval) => approval.as === "CTO");
  if (severity !== "serious") return cto !== undefined;
  const ceo = approvals.find((approval) => approval.as === "CEO");
  return cto !== undefined && ceo !== undefined && cto.actorId !== ceo.actorId;
};

/**
 * P8.7, INV-50, D6: each approval is by an actor holding the role it is given in; one actor approves a
 * decision once, so a person holding both CEO and CTO cannot take a serious decision alone.
 */
export const approveDecision = (command: ApproveDecision, state: BreachState): Decision => {
  const decision = state.decisions.get(command.decisionId);
  const approvals = [...(decision?.approvals ?? []), { actorId: command.actor.id, as: command.as }];
  return decided(
    firstFailure(
      () => open(state, "P8.7"),
      () => actorHolds(command.actor, [command.as], `approving as ${command.as}`, "P8.7"),
      () => instant(command.at, "at", "P8.7"),
      () => readyToDecide(state),
      () =>
        decision === undefined
          ? reject("INV-50", "P8.7", undefined, `no decision ${command.decisionId} was proposed`)
          : undefined,
      () =>
        decision?.taken
          ? reject("INV-50", "P8.7", undefined, `decision ${command.decisionId} is already taken`)
          : undefined,
      () =>
        decision?.approvals.some((approval) => approval.actorId === command.actor.id)
          ? reject(
              "INV-50",
              "P8.7",
              undefined,
              `actor ${command.actor.id} already approved decision ${command.decisionId}; the second approval must come from another person`,
            )
          : undefined,
      () =>
        decision?.approvals.some((approval) => approval.as === command.as)
          ? reject(
              "INV-50",
              "P8.7",
              undefined,
              `decision ${command.decisionId} already has its ${command.as} approval`,
            )
          : undefined,
    ),
    (): BreachEvent[] => [
      {
        type: "DecisionApproved",
        data: {
          incidentId: state.incidentId,
          decisionId: command.decisionId,
          approvedBy: command.actor.id,
          as: command.as,
          approvedAt: command.at,
        },
      },
      ...(decision !== undefined && takes(state.severity, approvals)
        ? [
            {
              type: "DecisionTaken" as const,
              data: {
                incidentId: state.incidentId,
                decisionId: command.decisionId,
                about: decision.about,
                approvers: approvals,
                takenAt: command.at,
              },
            },
          ]
        : []),
    ],
  );
};
