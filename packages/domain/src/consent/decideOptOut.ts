import { reject } from "../shared/reject.js";
import type { ObjectToDirectMarketing, RecordSuppression, UnsubscribeViaLink } from "./commands.js";
import { isSuppressionToken, NEWSLETTER_PURPOSE } from "./records.js";
import {
  actorHolds,
  type Decision,
  decided,
  firstFailure,
  instant,
  MARKETING_STAFF_ROLES,
  objectionStands,
  selfOrStaff,
} from "./rules.js";
import type { ConsentState } from "./state.js";

/**
 * P1.F.6, INV-18, Art. 7(3), Tw art. 11.7(4): the unsubscribe link works with its token alone, no login and
 * no role: whoever follows the link of a message sent to this person ends the newsletter (consent and soft
 * opt-in) in one step. A token this stream never sent is refused; unsubscribing again changes nothing.
 */
export const unsubscribeViaLink = (command: UnsubscribeViaLink, state: ConsentState): Decision => {
  const messageId = state.linkTokens.get(command.linkToken);
  const known = firstFailure(
    () => instant(command.unsubscribedAt, "unsubscribedAt", "P1.F.6"),
    () =>
      messageId === undefined
        ? reject(
            "CONSENT-LINK",
            "P1.F.6",
            undefined,
            `the unsubscribe token was not sent to subject ${command.subjectId}`,
          )
        : undefined,
  );
  const nothingToEnd =
    state.newsletterOptOut?.how === "unsubscribe" &&
    !state.consents.has(NEWSLETTER_PURPOSE) &&
    state.softOptIn === undefined;
  if (known !== undefined || nothingToEnd) return decided(known, () => []);
  return decided(undefined, () => [
    {
      type: "UnsubscribedViaLink",
      data: {
        subjectId: command.subjectId,
        messageId: messageId ?? "",
        unsubscribedAt: command.unsubscribedAt,
      },
    },
  ]);
};

/**
 * P1.F.3, INV-19, Art. 21(2), 21(3): an objection to direct marketing needs no reason and allows no
 * balancing; it ends newsletter and tracking consents and the soft opt-in. Objecting again while it stands
 * changes nothing.
 */
export const objectToDirectMarketing = (command: ObjectToDirectMarketing, state: ConsentState): Decision => {
  const allowed = firstFailure(
    () => selfOrStaff(command.actor, command.subjectId, "objecting to direct marketing", "P1.F.3"),
    () => instant(command.objectedAt, "objectedAt", "P1.F.3"),
  );
  if (objectionStands(state, state.consents.get(NEWSLETTER_PURPOSE)?.givenAt))
    return decided(allowed, () => []);
  return decided(allowed, () => [
    {
      type: "DirectMarketingObjectionRecorded",
      data: { subjectId: command.subjectId, objectedAt: command.objectedAt, channel: command.channel },
    },
  ]);
};

/**
 * P1.F.6, INV-20, D4: before the person's newsletter data are erased, the address is kept as its
 * blind-index token only (no plaintext, no reversible form), so it is never mailed again.
 */
export const recordSuppression = (command: RecordSuppression, state: ConsentState): Decision => {
  const allowed = firstFailure(
    () => actorHolds(command.actor, MARKETING_STAFF_ROLES, "recording a suppression token", "P1.F.6"),
    () => instant(command.at, "at", "P1.F.6"),
    () =>
      isSuppressionToken(command.token)
        ? undefined
        : reject(
            "INV-20",
            "P1.F.6",
            "Art. 17(1), Art. 21(3)",
            "a suppression entry is a blind-index token (suppressionToken), never an address",
          ),
  );
  if (state.suppression.has(command.token)) return decided(allowed, () => []);
  return decided(allowed, () => [
    {
      type: "SuppressionTokenRecorded",
      data: {
        subjectId: command.subjectId,
        token: command.token,
        reason: command.reason,
        recordedAt: command.at,
      },
    },
  ]);
};
