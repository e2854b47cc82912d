import { isLeft } from "fp-ts/lib/Either.js";
import { reject } from "../shared/reject.js";
import { RETENTION_CLASSES } from "../shared/retentionClasses.js";
import { blank } from "../shared/values.js";
import type {
  DecideErasure,
  LiftRestriction,
  RecordErasureCompleted,
  RestrictProcessing,
  SendRestrictionLiftNotice,
} from "./commands.js";
import type { DataSubjectEvent } from "./events.js";
import {
  actorHolds,
  answers,
  type Check,
  type Decision,
  decided,
  firstFailure,
  identityVerified,
  instant,
  openRequest,
  PRIVACY_LEAD_ROLES,
  STAFF_ROLES,
} from "./rules.js";
import { type DataSubjectState, isRequestedRestriction } from "./state.js";

/**
 * INV-10, INV-28, Art. 17(3)(b), 17(3)(e): a plan shreds a class or declines it with a ground and the
 * provision, never both; fiscal records are declined under 17(3)(b) citing the tax law; a class under a
 * legal hold of this subject is never shredded.
 */
const planHolds = (command: DecideErasure, state: DataSubjectState): Check => {
  const { erase, declined } = command.plan;
  const both = erase.filter((retentionClass) => declined.some((d) => d.retentionClass === retentionClass));
  if (both.length > 0)
    return reject(
      "INV-10",
      "P7.b",
      "Art. 17(3)",
      `a class is either erased or kept, not both: ${both.join(", ")}`,
    );
  const unexplained = declined.find((d) => blank(d.provision) || blank(d.restrictedToPurpose));
  if (unexplained !== undefined)
    return reject(
      "INV-10",
      "P7.b",
      "Art. 17(3)",
      `keeping the ${unexplained.retentionClass} data cites the provision that requires it and the one purpose left`,
    );
  const heldClasses = new Set<string>(state.legalHolds.values());
  const fiscal = declined.find((d) => d.retentionClass === "fiscal");
  // A legal hold may keep fiscal records after their seven years (Art. 17(3)(e)); otherwise only the tax duty does.
  if (fiscal !== undefined && fiscal.ground !== "Art. 17(3)(b)" && !heldClasses.has("fiscal"))
    return reject(
      "INV-10",
      "P1.D.3",
      "Art. 17(3)(b)",
      "fiscal records are kept under Art. 17(3)(b), a legal obligation",
    );
  if (erase.includes("fiscal")) {
    const ended = command.plan.fiscalRetentionEndedAt;
    if (ended === undefined || Number.isNaN(Date.parse(ended)) || Date.parse(ended) >= Date.parse(command.at))
      return reject(
        "INV-10",
        "P1.D.3",
        "Art. 17(3)(b)",
        "billing data are erased only after the fiscal duty (AWR art. 52(4)) ended; the plan must state that end, computed by the retention schedule",
      );
  }
  const held = erase.filter((retentionClass) => heldClasses.has(retentionClass));
  if (held.length > 0)
    return reject("INV-28", "P4.1", "Art. 17(3)(e)", `under a legal hold, so not erased: ${held.join(", ")}`);
  return undefined;
};

/**
 * P7.b, INV-10, INV-39: the erasure decision, from the plan `planErasure` computed out of the retention
 * schedule. The kept classes are restricted at once to the purpose that requires them (INV-10: billing
 * data serve the tax duty and nothing else). The shredding itself is the kernel's (`eraseOnRequest`).
 */
export const decideErasure = (command: DecideErasure, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.b");
  if (isLeft(found)) return found;
  const request = found.right;
  const { erase, declined } = command.plan;
  return decided(
    firstFailure(
      () => answers(command, request, ["erasure"], "an erasure", "P7.b"),
      () => identityVerified(request, "P7.b"),
      () =>
        request.eraseClasses === undefined
          ? undefined
          : reject(
              "DS-ERASURE",
              "P7.b",
              "Art. 17",
              `the erasure for request ${request.requestId} was already decided`,
            ),
      () => planHolds(command, state),
    ),
    () => [
      {
        type: "ErasureDecided",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          decidedAt: command.at,
          erase,
          declined,
          fiscalRetentionEndedAt: command.plan.fiscalRetentionEndedAt ?? null,
        },
      },
      ...declined.map(
        (kept): DataSubjectEvent => ({
          type: "ProcessingRestricted",
          data: {
            subjectId: command.subjectId,
            requestId: command.requestId,
            ground: kept.ground,
            retentionClasses: [kept.retentionClass],
            exceptPurpose: kept.restrictedToPurpose,
            restrictedAt: command.at,
          },
        }),
      ),
    ],
  );
};

/** P7.b: the keys of exactly the classes the decision named are gone. */
export const recordErasureCompleted = (
  command: RecordErasureCompleted,
  state: DataSubjectState,
): Decision => {
  const found = openRequest(state, command.requestId, "P7.b");
  if (isLeft(found)) return found;
  const decidedClasses = found.right.eraseClasses;
  const same =
    decidedClasses !== undefined &&
    decidedClasses.length === command.erasedClasses.length &&
    decidedClasses.every((retentionClass) => command.erasedClasses.includes(retentionClass));
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "recording an erasure", "P7.b"),
      () => instant(command.at, "at", "P7.b"),
      () =>
        same
          ? undefined
          : reject(
              "DS-ERASURE",
              "P7.b",
              "Art. 17",
              decidedClasses === undefined
                ? `no erasure was decided for request ${command.requestId}`
                : `the decision erases ${decidedClasses.join(", ") || "nothing"}, not ${command.erasedClasses.join(", ") || "nothing"}`,
            ),
    ),
    () => [
      {
        type: "ErasureCompleted",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          completedAt: command.at,
          erasedClasses: command.erasedClasses,
        },
      },
    ],
  );
};

/** P7.d, INV-39, INV-42, Art. 18(1): every class of the subject's data restricted to storage. */
export const restrictProcessing = (command: RestrictProcessing, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.d");
  if (isLeft(found)) return found;
  const request = found.right;
  return decided(
    firstFailure(
      () => answers(command, request, ["restriction", "noDisclosure"], "a restriction", "P7.d"),
      () => identityVerified(request, "P7.d"),
    ),
    () => [
      {
        type: "ProcessingRestricted",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          ground: command.ground,
          retentionClasses: [...RETENTION_CLASSES],
          exceptPurpose: null,
          restrictedAt: command.at,
        },
      },
    ],
  );
};

/** The restriction the person asked for under this request; restrictions the law imposes are not lifted. */
const restrictionOf = (state: DataSubjectState, requestId: string) =>
  state.restrictions.find((restriction) => isRequestedRestriction(restriction, requestId));

/** INV-43, Art. 18(3): the person is told before the restriction is lifted. */
export const sendRestrictionLiftNotice = (
  command: SendRestrictionLiftNotice,
  state: DataSubjectState,
): Decision =>
  decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "announcing the lifting of a restriction", "P7.d"),
      () => instant(command.at, "at", "P7.d"),
      () =>
        restrictionOf(state, command.requestId) === undefined
          ? reject(
              "DS-RESTRICTION",
              "P7.d",
              "Art. 18(3)",
              `no restriction of request ${command.requestId} is in force`,
            )
          : undefined,
    ),
    () => [
      {
        type: "RestrictionLiftNoticeSent",
        data: { subjectId: command.subjectId, requestId: command.requestId, sentAt: command.at },
      },
    ],
  );

export const liftRestriction = (command: LiftRestriction, state: DataSubjectState): Decision => {
  const restriction = restrictionOf(state, command.requestId);
  return decided(
    firstFailure(
      () => actorHolds(command.actor, PRIVACY_LEAD_ROLES, "lifting a restriction", "P7.d"),
      () => instant(command.at, "at", "P7.d"),
      () =>
        restriction === undefined
          ? reject(
              "DS-RESTRICTION",
              "P7.d",
              "Art. 18(3)",
              `no restriction of request ${command.requestId} is in force`,
            )
          : undefined,
      () =>
        restriction?.liftNoticeSent === false
          ? reject("INV-43", "P7.d", "Art. 18(3)", "the person is told before the restriction is lifted")
          : undefined,
    ),
    () => [
      {
        type: "RestrictionLifted",
        data: { subjectId: command.subjectId, requestId: command.requestId, liftedAt: command.at },
      },
    ],
  );
};
