import type { Actor } from "@privacy-ledger/eventsourcing";
import type { Check } from "./checks.js";
import type { ClauseId } from "./clauses.js";
import { reject } from "./reject.js";
import { hasAnyRole, type Role } from "./roles.js";

/**
 * The role rule of an aggregate ("DS-ROLE", "SUB-ROLE"): the actor must hold one of the roles. The
 * rejection names the roles needed and the actor's id, never a person's name.
 */
export const roleRule =
  (rule: string) =>
  (actor: Actor, roles: readonly Role[], what: string, clause: ClauseId): Check =>
    hasAnyRole(actor, roles)
      ? undefined
      : reject(
          rule,
          clause,
          undefined,
          `${what} needs one of the roles ${roles.join(", ")}; actor ${actor.id} holds ${actor.roles.join(", ") || "none"}`,
        );
