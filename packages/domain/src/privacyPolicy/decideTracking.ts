import { reject } from "../shared/reject.js";
import { blank } from "../shared/values.js";
import type { OverrideTrackingBasis, RevokeTrackingBasisOverride } from "./commands.js";
import { TRACKING_OVERRIDE_WARNING } from "./events.js";
import { actorHolds, type Decision, decided, firstFailure, instant, POLICY_KEEPERS } from "./rules.js";
import type { PrivacyPolicyState } from "./state.js";

/**
 * P1.F.4, P2.3, INV-21, decision D2: the company may choose its policy's own reading, legitimate interest,
 * for recording opens and clicks. Only the CTO or a DPO, only with the legitimate-interest assessment
 * (Art. 6(1)(f), Art. 5(2)) and a reason; the event carries the EDPB warning for the compliance report.
 */
export const overrideTrackingBasis = (
  command: OverrideTrackingBasis,
  state: PrivacyPolicyState,
): Decision => {
  const role = actorHolds(command.actor, POLICY_KEEPERS, "overriding the tracking basis", "P1.F.4");
  if (role !== undefined) return decided(role, () => []);
  if (state.trackingOverride?.liaRef === command.liaRef) return decided(undefined, () => []);
  return decided(
    firstFailure(
      () => instant(command.at, "at", "P1.F.4"),
      () =>
        blank(command.liaRef)
          ? reject(
              "INV-02",
              "P2.3",
              "Art. 6(1)(f), Art. 5(2)",
              "tracking on legitimate interest needs its legitimate-interest assessment (LIA)",
            )
          : undefined,
      () =>
        blank(command.reason)
          ? reject(
              "INV-21",
              "P1.F.4",
              undefined,
              "the override states why the company departs from the default",
            )
          : undefined,
    ),
    () => [
      {
        type: "TrackingBasisOverrideRecorded",
        data: {
          liaRef: command.liaRef,
          reason: command.reason,
          recordedAt: command.at,
          warning: TRACKING_OVERRIDE_WARNING,
        },
      },
    ],
  );
};

/** P1.F.4, D2: back to consent for tracking; revoking when none stands changes nothing. */
export const revokeTrackingBasisOverride = (
  command: RevokeTrackingBasisOverride,
  state: PrivacyPolicyState,
): Decision =>
  state.trackingOverride === undefined
    ? decided(actorHolds(command.actor, POLICY_KEEPERS, "revoking the tracking override", "P1.F.4"), () => [])
    : decided(
        firstFailure(
          () => actorHolds(command.actor, POLICY_KEEPERS, "revoking the tracking override", "P1.F.4"),
          () => instant(command.at, "at", "P1.F.4"),
        ),
        () => [{ type: "TrackingBasisOverrideRevoked", data: { revokedAt: command.at } }],
      );
