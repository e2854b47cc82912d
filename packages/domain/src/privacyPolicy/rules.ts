import type { Rejection } from "@privacy-ledger/eventsourcing";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { type Check, firstFailure } from "../shared/checks.js";
import type { ClauseId } from "../shared/clauses.js";
import { legalBasisDefect } from "../shared/legalBasis.js";
import { reject } from "../shared/reject.js";
import { roleRule } from "../shared/roleCheck.js";
import { COMPANY_ROLES, type Role } from "../shared/roles.js";
import { blank, instantRule, isOpaqueId } from "../shared/values.js";
import type { PrivacyPolicyEvent } from "./events.js";
import { type AddedPurpose, PURPOSE_ID } from "./records.js";
import type { PolicyVersionEntry, PrivacyPolicyState } from "./state.js";

export { type Check, firstFailure };

export type Decision = Either<Rejection, readonly PrivacyPolicyEvent[]>;

export const decided = (check: Check, events: () => readonly PrivacyPolicyEvent[]): Decision =>
  check === undefined ? right(events()) : left(check);

export const instant = instantRule("POLICY-INSTANT");
export const actorHolds = roleRule("POLICY-ROLE");

/**
 * P8.1: the CTO is responsible for all rules on privacy, so the CTO (or a designated DPO, Art. 39) writes
 * the policy's versions and chooses the tracking basis (D2).
 */
export const POLICY_KEEPERS: readonly Role[] = ["CTO", "dpo"];
/** The company's people and software send the service notices. */
export const POLICY_SENDERS: readonly Role[] = COMPANY_ROLES;
/** Bringing a version into force is the keepers' act, or the company's scheduler at the effective date. */
export const POLICY_ACTIVATORS: readonly Role[] = [...POLICY_KEEPERS, "system"];

export const before = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

export const opaqueId = (id: string, what: string, clause: ClauseId): Check =>
  isOpaqueId(id)
    ? undefined
    : reject(
        "POLICY-ID",
        clause,
        undefined,
        `${what} must be an opaque id (letters, digits, . _ : + = / -), never a name or an address`,
      );

export const knownVersion = (
  state: PrivacyPolicyState,
  versionId: string,
): Either<Rejection, PolicyVersionEntry> => {
  const entry = state.versions.get(versionId);
  return entry === undefined
    ? left(reject("POLICY-VERSION", "P6.1", undefined, `policy version ${versionId} is not published`))
    : right(entry);
};

/**
 * P6.1, Art. 13(1)(c), 13(3), Art. 6(1): a purpose a version adds has a purpose id, a description and a
 * complete basis (a provision for a legal obligation, an assessment for a legitimate interest: INV-02).
 */
export const addedPurposeValid = (added: AddedPurpose): Check =>
  firstFailure(
    () =>
      PURPOSE_ID.test(added.purpose)
        ? undefined
        : reject(
            "POLICY-PURPOSE",
            "P6.1",
            "Art. 13(1)(c)",
            `purpose ids are dotted names such as "marketing.newsletter", got ${JSON.stringify(added.purpose)}`,
          ),
    () =>
      blank(added.description)
        ? reject("POLICY-PURPOSE", "P6.1", "Art. 13(1)(c)", `purpose ${added.purpose} needs a description`)
        : undefined,
    () => legalBasisDefect(added.legalBasis),
  );
