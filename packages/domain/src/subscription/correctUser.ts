import { registeredProcessing } from "../processingRegister/authorises.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import { reject } from "../shared/reject.js";
import { blank } from "../shared/values.js";
import type { CorrectUserDetails } from "./commands.js";
import { TOOL_ACCESS_PURPOSE } from "./events.js";
import { type Decision, decided, firstFailure, instant } from "./rules.js";
import type { SubscriptionState } from "./state.js";

/**
 * P7.b, Art. 16, INV-01: a user's e-mail address or name corrected, on a rectification request or by the
 * client's administrator; only a user of this subscription, only values that are given and not blank,
 * under the registered user-accounts activity.
 */
export const correctUserDetails = (
  command: CorrectUserDetails,
  state: SubscriptionState,
  register: ProcessingRegisterState,
): Decision => {
  const { userSubjectId, correctedAt, activityId } = command;
  const given = (["email", "firstName", "lastName"] as const).filter((field) => command[field] !== undefined);
  const categories = given.map((field) => (field === "email" ? "businessEmail" : field));
  return decided(
    firstFailure(
      () => instant(correctedAt, "correctedAt", "P7.b"),
      () =>
        state.users.has(userSubjectId)
          ? undefined
          : reject(
              "SUB-USER",
              "P7.b",
              "Art. 16",
              `${userSubjectId} is not a user of ${state.subscriptionId}`,
            ),
      () =>
        given.length === 0 || given.some((field) => blank(command[field] ?? ""))
          ? reject("SUB-USER", "P7.b", "Art. 16", "a correction gives at least one value, and none blank")
          : undefined,
      () =>
        registeredProcessing(register, {
          activityId,
          purpose: TOOL_ACCESS_PURPOSE,
          legalBasisKind: "contract",
          dataCategories: categories,
          subjectCategory: "user",
        }),
    ),
    () => [
      {
        type: "UserDetailsCorrected",
        data: {
          subscriptionId: state.subscriptionId,
          userSubjectId,
          correctedAt,
          activityId,
          ...Object.fromEntries(given.map((field) => [field, command[field] as string])),
        },
      },
    ],
  );
};
