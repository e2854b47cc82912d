import type { Check } from "./checks.js";
import type { ClauseId } from "./clauses.js";
import { reject } from "./reject.js";

export const blank = (text: string): boolean => text.trim() === "";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with its offset ("2026-03-02T09:15:00Z"): a time that is unambiguous. */
export const isIsoInstant = (text: string): boolean =>
  ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text));

/**
 * The kernel's subject-id alphabet (eventsourcing protection/subjectId.ts): opaque, no "@", so an e-mail
 * address or a name with spaces can never pass as an id.
 */
const OPAQUE_ID = /^[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,190}$/;
export const isOpaqueId = (text: string): boolean => OPAQUE_ID.test(text);

/** A rule that an instant given by a command is an ISO 8601 instant with offset; `rule` names the aggregate's rule id. */
export const instantRule =
  (rule: string) =>
  (text: string, what: string, clause: ClauseId): Check =>
    isIsoInstant(text)
      ? undefined
      : reject(
          rule,
          clause,
          undefined,
          `${what} must be an ISO 8601 instant with offset, got ${JSON.stringify(text)}`,
        );
