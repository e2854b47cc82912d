import { reject } from "../shared/reject.js";
import { blank } from "../shared/values.js";
import type { PublishPolicyVersion, PutPolicyVersionIntoEffect, RequestReconsent } from "./commands.js";
import {
  actorHolds,
  addedPurposeValid,
  before,
  type Decision,
  decided,
  firstFailure,
  instant,
  knownVersion,
  opaqueId,
  POLICY_ACTIVATORS,
  POLICY_KEEPERS,
} from "./rules.js";
import { consentPurposesOf, type PrivacyPolicyState } from "./state.js";

/**
 * P6.1, Art. 12(1), 13(3): a new version states what changed and when it takes effect. A version that adds
 * a purpose is a material change (Art. 13(3): information on the further purpose is given before the
 * processing), and a material change needs time to be announced before it takes effect (INV-32).
 */
export const publishPolicyVersion = (command: PublishPolicyVersion, state: PrivacyPolicyState): Decision => {
  const { versionId, publishedAt, effectiveFrom, material, changes, addsPurposes } = command;
  const purposes = addsPurposes.map((added) => added.purpose);
  return decided(
    firstFailure(
      () => actorHolds(command.actor, POLICY_KEEPERS, "publishing a policy version", "P6.1"),
      () => opaqueId(versionId, "versionId", "P6.1"),
      () => instant(publishedAt, "publishedAt", "P6.1"),
      () => instant(effectiveFrom, "effectiveFrom", "P6.1"),
      () =>
        state.versions.has(versionId)
          ? reject("POLICY-VERSION", "P6.1", undefined, `policy version ${versionId} is already published`)
          : undefined,
      () =>
        changes.length === 0 || changes.some(blank)
          ? reject(
              "POLICY-CHANGES",
              "P6.1",
              "Art. 12(1)",
              "a version states what changed, one line per change",
            )
          : undefined,
      () =>
        before(effectiveFrom, publishedAt)
          ? reject("POLICY-DATES", "P6.1", undefined, "a version cannot take effect before it is published")
          : undefined,
      () =>
        addsPurposes.length > 0 && !material
          ? reject(
              "INV-32",
              "P6.1",
              "Art. 13(3)",
              "a version that adds a purpose is a material change: the clients are told before the processing starts",
            )
          : undefined,
      () =>
        material && !before(publishedAt, effectiveFrom)
          ? reject(
              "INV-32",
              "P6.1",
              "Art. 12(1), Art. 13(3)",
              "a material change takes effect after it is published, so that it can be announced first",
            )
          : undefined,
      () =>
        new Set(purposes).size === purposes.length
          ? undefined
          : reject("POLICY-PURPOSE", "P6.1", undefined, "a version lists each purpose it adds once"),
      ...addsPurposes.map((added) => () => addedPurposeValid(added)),
    ),
    () => [
      {
        type: "PolicyVersionPublished",
        data: {
          versionId,
          publishedAt,
          effectiveFrom,
          material,
          changes,
          addsPurposes,
          supersedes: state.latestVersionId ?? null,
        },
      },
    ],
  );
};

/**
 * INV-33, Art. 6(1)(a), 7(1), 7(2): the purposes a version adds on consent are asked for anew, on a notice
 * version that shows them; consents given for other purposes do not cover them. All of them at once, so
 * that none is left out; asking again changes nothing.
 */
export const requestReconsent = (command: RequestReconsent, state: PrivacyPolicyState): Decision => {
  const role = actorHolds(command.actor, POLICY_KEEPERS, "requesting re-consent", "P6.1");
  if (role !== undefined) return decided(role, () => []);
  const version = knownVersion(state, command.versionId);
  if (version._tag === "Left") return version;
  const entry = version.right;
  const needed = consentPurposesOf(entry);
  if (needed.length > 0 && needed.every((purpose) => entry.reconsentRequested.has(purpose)))
    return decided(undefined, () => []);
  const missing = needed.filter((purpose) => !command.purposes.includes(purpose));
  const extra = command.purposes.filter((purpose) => !needed.includes(purpose));
  return decided(
    firstFailure(
      () => instant(command.requestedAt, "requestedAt", "P6.1"),
      () => opaqueId(command.noticeVersionId, "noticeVersionId", "P6.1"),
      () =>
        needed.length === 0
          ? reject(
              "INV-33",
              "P6.1",
              "Art. 6(1)(a)",
              `version ${command.versionId} adds no purpose on consent; nothing to ask`,
            )
          : undefined,
      () =>
        missing.length > 0 || extra.length > 0
          ? reject(
              "INV-33",
              "P6.1",
              "Art. 6(1)(a), Art. 7(2)",
              `re-consent for version ${command.versionId} asks for exactly ${needed.join(", ")}` +
                (missing.length > 0 ? `; missing ${missing.join(", ")}` : "") +
                (extra.length > 0 ? `; not added on consent by it: ${extra.join(", ")}` : ""),
            )
          : undefined,
    ),
    () => [
      {
        type: "ReconsentRequested",
        data: {
          versionId: command.versionId,
          purposes: needed,
          noticeVersionId: command.noticeVersionId,
          requestedAt: command.requestedAt,
        },
      },
    ],
  );
};

/**
 * P6.1, INV-32, INV-33: a version comes into force not before its effective date; a material one only if
 * it was announced by service notice before that date; one that adds purposes on consent only once
 * re-consent for them was requested.
 */
export const putPolicyVersionIntoEffect = (
  command: PutPolicyVersionIntoEffect,
  state: PrivacyPolicyState,
): Decision => {
  const role = actorHolds(command.actor, POLICY_ACTIVATORS, "bringing a policy version into force", "P6.1");
  if (role !== undefined) return decided(role, () => []);
  const version = knownVersion(state, command.versionId);
  if (version._tag === "Left") return version;
  const entry = version.right;
  if (entry.tookEffectAt !== undefined) return decided(undefined, () => []);
  const unasked = consentPurposesOf(entry).filter((purpose) => !entry.reconsentRequested.has(purpose));
  return decided(
    firstFailure(
      () => instant(command.at, "at", "P6.1"),
      () =>
        before(command.at, entry.effectiveFrom)
          ? reject(
              "POLICY-DATES",
              "P6.1",
              undefined,
              `version ${entry.versionId} takes effect from ${entry.effectiveFrom}, not at ${command.at}`,
            )
          : undefined,
      () =>
        entry.material &&
        (entry.firstAnnouncedAt === undefined || !before(entry.firstAnnouncedAt, entry.effectiveFrom))
          ? reject(
              "INV-32",
              "P6.1",
              "Art. 12(1), Art. 13(3)",
              `material version ${entry.versionId} was not announced to the clients before it takes effect`,
            )
          : undefined,
      () =>
        unasked.length > 0
          ? reject(
              "INV-33",
              "P6.1",
              "Art. 6(1)(a), Art. 7(1)",
              `version ${entry.versionId} adds ${unasked.join(", ")} on consent; re-consent must be requested first`,
            )
          : undefined,
    ),
    () => [
      { type: "PolicyVersionTookEffect", data: { versionId: entry.versionId, tookEffectAt: command.at } },
    ],
  );
};
