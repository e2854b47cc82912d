import { consentStreamId } from "@privacy-ledger/domain";
import type { EventStore } from "@privacy-ledger/eventsourcing";
import { isRight } from "fp-ts/lib/Either.js";
import { decodePolicyEvent } from "../projection/policyEvents.js";
import { type MarketingEligibility, mayWeMail } from "../readModels/consentLedger/consentLedger.js";
import { consentLedgerProjection } from "../readModels/consentLedger/consentLedgerProjection.js";
import { readModelAsOf } from "./readModelAsOf.js";

/** The answer to "was this newsletter send lawful when it went out?" (P1.F.3, INV-16, Art. 7(3), 21(3)). */
export interface NewsletterSendVerdict {
  readonly subjectId: string;
  readonly messageId: string;
  readonly sentAt: string;
  /** The basis the send recorded (NewsletterSent). */
  readonly sentOn: { readonly basis: "consent" | "softOptIn"; readonly consentId: string | null };
  /** Whether the person could lawfully be mailed at `sentAt`, as the facts stood then. */
  readonly lawful: boolean;
  /** The consent ledger as of `sentAt` on the facts' own dates (`occurredAt`): what was true. */
  readonly asTheFactsStood: MarketingEligibility;
  /**
   * The consent ledger as of `sentAt` on the log's clock (`recordedAt`): what the company knew. Allowed here
   * but not above means a fact that was true reached the log too late (e.g. an unsubscribe reported late).
   */
  readonly asTheLogKnew: MarketingEligibility;
}

/**
 * Finds the send of `messageId` to `subjectId` in the person's consent stream and computes the consent
 * ledger as of its `sentAt`, twice (time travel on both clocks), asking each `mayWeMail`. Undefined when no
 * such send was recorded (a blocked send is recorded as SendBlocked, not as a send).
 */
export const wasNewsletterSendLawful = async (
  source: Pick<EventStore, "readAll" | "readStream">,
  subjectId: string,
  messageId: string,
): Promise<NewsletterSendVerdict | undefined> => {
  for await (const stored of source.readStream(consentStreamId(subjectId))) {
    if (stored.type !== "NewsletterSent") continue;
    const decoded = decodePolicyEvent(stored);
    if (!isRight(decoded) || decoded.right.type !== "NewsletterSent") continue;
    const sent = decoded.right.data;
    if (sent.messageId !== messageId) continue;
    const at = new Date(sent.sentAt);
    const eligibility = async (by: "occurredAt" | "recordedAt") =>
      mayWeMail(
        await readModelAsOf({ source, projection: consentLedgerProjection, instant: at, by }),
        subjectId,
        at,
      );
    const asTheFactsStood = await eligibility("occurredAt");
    return {
      subjectId,
      messageId,
      sentAt: sent.sentAt,
      sentOn: { basis: sent.basis, consentId: sent.consentId },
      lawful: asTheFactsStood.allowed,
      asTheFactsStood,
      asTheLogKnew: await eligibility("recordedAt"),
    };
  }
  return undefined;
};
