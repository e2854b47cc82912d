import type { RequiredConsent, TrackingBasis } from "../privacyPolicy/records.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import type { ClauseId } from "../shared/clauses.js";
import { reject } from "../shared/reject.js";
import { blank } from "../shared/values.js";
import type { RecordEmailOpen, SendNewsletter } from "./commands.js";
import {
  isSuppressionToken,
  NEWSLETTER_CATEGORIES,
  NEWSLETTER_PURPOSE,
  TRACKING_CATEGORIES,
  TRACKING_PURPOSE,
} from "./records.js";
import {
  activityBasis,
  actorHolds,
  before,
  type Check,
  type Decision,
  decided,
  firstFailure,
  instant,
  MARKETING_STAFF_ROLES,
  objectionStands,
  opaqueId,
  registeredProcessing,
} from "./rules.js";
import { type ConsentState, countingConsent, type SuppressionList, suppressedAt } from "./state.js";

/** Why a person may not be mailed: the rule, its clause and the law, as `SendBlocked` records it. */
export interface SendBlock {
  readonly rule: string;
  readonly clause: ClauseId;
  readonly article: string;
  readonly message: string;
}

export type NewsletterBasis =
  | { readonly basis: "consent"; readonly consentId: string }
  | { readonly basis: "softOptIn" };

export interface MarketingCheck {
  /** The basis of the activity the mailing is sent under: consent, or legitimate interest (soft opt-in). */
  readonly activityBasis: "consent" | "legitimateInterest";
  readonly recipientCategory: SendNewsletter["recipientCategory"];
  readonly recipientToken: string;
  readonly productLines: readonly string[];
  readonly suppressionList?: SuppressionList;
  readonly requiredConsents?: readonly RequiredConsent[];
}

const noBasis = (check: MarketingCheck, state: ConsentState, what: string): SendBlock =>
  state.newsletterOptOut !== undefined
    ? {
        rule: "INV-18",
        clause: "P1.F.6",
        article: "Art. 7(3), Art. 21(2); Tw art. 11.7(4)",
        message: `the person ${state.newsletterOptOut.how === "unsubscribe" ? "unsubscribed" : "withdrew consent"} at ${state.newsletterOptOut.at}`,
      }
    : check.recipientCategory === "businessContact"
      ? {
          rule: "INV-13",
          clause: "P1.E.4",
          article: "Tw art. 11.7(1); Art. 6(1)",
          message: `relationship data are not used for direct marketing: this business contact has no ${what}`,
        }
      : {
          rule: "INV-16",
          clause: "P1.F.3",
          article: check.activityBasis === "consent" ? "Tw art. 11.7(1); Art. 6(1)(a)" : "Tw art. 11.7(3)",
          message: `no ${what} for this person`,
        };

/**
 * INV-16, INV-13, INV-18, INV-19, INV-20, INV-33: may this person be sent this mailing now, and on what
 * basis? Pure; the decider records the answer (`NewsletterSent` or `SendBlocked`), and a report can ask the
 * same question of any state. In order: the address is on the suppression list (an erased person) and no
 * consent was given since; an objection stands; then, for a mailing under consent, a consent for the
 * newsletter that counts under the current policy; for a mailing under the soft opt-in, a soft opt-in that
 * covers every product line the message promotes.
 */
export const newsletterBasis = (
  state: ConsentState,
  check: MarketingCheck,
): { readonly block: SendBlock } | NewsletterBasis => {
  const required = check.requiredConsents ?? [];
  const consent = state.consents.get(NEWSLETTER_PURPOSE);
  const counting = countingConsent(state, NEWSLETTER_PURPOSE, required);
  const suppressed = suppressedAt(
    check.suppressionList === undefined ? [state] : [state, check.suppressionList],
    check.recipientToken,
  );
  if (suppressed !== undefined && (counting === undefined || !before(suppressed, counting.givenAt)))
    return {
      block: {
        rule: "INV-20",
        clause: "P1.F.6",
        article: "Art. 17(1), Art. 21(3)",
        message: `the address is on the suppression list since ${suppressed}`,
      },
    };
  if (
    check.activityBasis === "legitimateInterest"
      ? state.objectedAt !== undefined
      : objectionStands(state, consent?.givenAt)
  )
    return {
      block: {
        rule: "INV-19",
        clause: "P1.F.3",
        article: "Art. 21(2), Art. 21(3)",
        message: `the person objected to direct marketing at ${state.objectedAt}; only a later consent re-enables it`,
      },
    };
  if (check.activityBasis === "consent") {
    if (counting !== undefined) return { basis: "consent", consentId: counting.consentId };
    if (consent !== undefined) {
      const rule = required.find((entry) => entry.purpose === NEWSLETTER_PURPOSE);
      return {
        block: {
          rule: "INV-33",
          clause: "P6.1",
          article: "Art. 6(1)(a), Art. 7(1)",
          message: `consent ${consent.consentId} predates policy version ${rule?.versionId ?? "?"}, which asks for it anew`,
        },
      };
    }
    return { block: noBasis(check, state, "consent for the newsletter") };
  }
  const optIn = state.softOptIn;
  if (optIn === undefined) return { block: noBasis(check, state, "consent or soft opt-in") };
  const other = check.productLines.filter((line) => !optIn.similarProducts.includes(line));
  return check.productLines.length === 0 || other.length > 0
    ? {
        block: {
          rule: "INV-16",
          clause: "P1.F.3",
          article: "Tw art. 11.7(3)",
          message: `the soft opt-in covers ${optIn.similarProducts.join(", ")} only, not ${other.join(", ") || "an unnamed product"}`,
        },
      }
    : { basis: "softOptIn" };
};

const httpsUrlWith = (url: string, token: string): boolean => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && url.includes(token);
  } catch {
    return false;
  }
};

/**
 * INV-17, P1.F.6, Art. 13(4) ePD, Tw art. 11.7(4), Art. 21(4): every e-mail names its sender (the company's
 * own legal entity, with an address to write to) and carries a working unsubscribe link: an https URL with a
 * token of its own that `UnsubscribeViaLink` accepts. A message without them is refused outright.
 */
export const messageComplete = (command: SendNewsletter, state: ConsentState, legalEntityId: string): Check =>
  firstFailure(
    () =>
      blank(command.sender.name) ||
      blank(command.sender.contactAddress) ||
      command.sender.legalEntityId !== legalEntityId
        ? reject(
            "INV-17",
            "P1.F.6",
            "Art. 13(4) ePD; Tw art. 11.7(4)",
            `every e-mail identifies its sender, legal entity ${legalEntityId}, with a contact address`,
          )
        : undefined,
    () => opaqueId(command.unsubscribeToken, "unsubscribeToken", "P1.F.6"),
    () =>
      httpsUrlWith(command.unsubscribeUrl, command.unsubscribeToken)
        ? undefined
        : reject(
            "INV-17",
            "P1.F.6",
            "Art. 13(4) ePD; Tw art. 11.7(4); Art. 21(4)",
            "every e-mail carries an unsubscribe link: an https URL holding the message's unsubscribe token",
          ),
    () => {
      const usedBy = state.linkTokens.get(command.unsubscribeToken);
      return usedBy !== undefined && usedBy !== command.messageId
        ? reject(
            "INV-17",
            "P1.F.6",
            undefined,
            `the unsubscribe token was already used for message ${usedBy}`,
          )
        : undefined;
    },
  );

export interface SendingContext {
  readonly register: ProcessingRegisterState;
  readonly legalEntityId: string;
  readonly suppressionList: SuppressionList | undefined;
  readonly requiredConsents: readonly RequiredConsent[];
  readonly trackingBasis: TrackingBasis;
}

/**
 * P1.F.2, P1.F.3, P1.F.6, INV-16, INV-17, INV-01: a mailing to one person. A defective mailing (no sender,
 * no working unsubscribe link, an activity the register does not hold for newsletters) is refused; a sound
 * mailing to a person who may not be mailed is recorded as `SendBlocked` with the rule, so the send log
 * shows who was left out and why. Deciding the same message again changes nothing.
 */
export const sendNewsletter = (
  command: SendNewsletter,
  state: ConsentState,
  context: SendingContext,
): Decision => {
  if (state.messages.has(command.messageId))
    return decided(
      actorHolds(command.actor, MARKETING_STAFF_ROLES, "sending newsletters", "P1.F.3"),
      () => [],
    );
  const basisKind = activityBasis(context.register, command.activityId);
  const refused = firstFailure(
    () => actorHolds(command.actor, MARKETING_STAFF_ROLES, "sending newsletters", "P1.F.3"),
    () => opaqueId(command.messageId, "messageId", "P1.F.2"),
    () => instant(command.sentAt, "sentAt", "P1.F.2"),
    () => messageComplete(command, state, context.legalEntityId),
    () =>
      isSuppressionToken(command.recipientToken)
        ? undefined
        : reject("INV-20", "P1.F.6", undefined, "recipientToken must be the address's suppression token"),
    () =>
      basisKind === undefined || basisKind === "consent" || basisKind === "legitimateInterest"
        ? undefined
        : reject(
            "INV-16",
            "P1.F.3",
            "Tw art. 11.7(1), (3); Art. 6(1)",
            `newsletters rest on consent or on the soft opt-in (legitimate interest), not on ${basisKind}`,
          ),
    () =>
      registeredProcessing(context.register, {
        activityId: command.activityId,
        purpose: NEWSLETTER_PURPOSE,
        legalBasisKind: basisKind ?? "consent",
        dataCategories: NEWSLETTER_CATEGORIES,
        subjectCategory: command.recipientCategory,
      }),
  );
  if (refused !== undefined) return decided(refused, () => []);
  const verdict = newsletterBasis(state, {
    activityBasis: basisKind === "legitimateInterest" ? "legitimateInterest" : "consent",
    recipientCategory: command.recipientCategory,
    recipientToken: command.recipientToken,
    productLines: command.productLines,
    requiredConsents: context.requiredConsents,
    ...(context.suppressionList === undefined ? {} : { suppressionList: context.suppressionList }),
  });
  if ("block" in verdict)
    return decided(undefined, () => [
      {
        type: "SendBlocked",
        data: {
          subjectId: command.subjectId,
          messageId: command.messageId,
          rule: verdict.block.rule,
          clause: verdict.block.clause,
          article: verdict.block.article,
          blockedAt: command.sentAt,
        },
      },
    ]);
  return decided(undefined, () => [
    {
      type: "NewsletterSent",
      data: {
        subjectId: command.subjectId,
        messageId: command.messageId,
        activityId: command.activityId,
        recipientCategory: command.recipientCategory,
        basis: verdict.basis,
        consentId: verdict.basis === "consent" ? verdict.consentId : null,
        productLines: command.productLines,
        sender: command.sender,
        unsubscribeUrl: command.unsubscribeUrl,
        unsubscribeToken: command.unsubscribeToken,
        sentAt: command.sentAt,
      },
    },
  ]);
};

/**
 * P1.F.4, INV-21, D2, INV-19: an open or click of a message sent to this person is recorded only on a basis
 * the configuration allows: by default a consent for tracking that counts (EDPB Guidelines 2/2023: tracking
 * pixels fall under Art. 5(3) ePD, Tw art. 11.7a); under the override recorded in the PrivacyPolicy
 * register, legitimate interest with its assessment, and then never after an objection to direct
 * marketing (Art. 21(2): profiling related to it) or an opt-out from the newsletter.
 */
export const recordEmailOpen = (
  command: RecordEmailOpen,
  state: ConsentState,
  context: SendingContext,
): Decision => {
  const message = state.messages.get(command.messageId);
  const basis = context.trackingBasis;
  const consent = countingConsent(state, TRACKING_PURPOSE, context.requiredConsents);
  return decided(
    firstFailure(
      () => actorHolds(command.actor, MARKETING_STAFF_ROLES, "recording e-mail opens", "P1.F.4"),
      () => instant(command.at, "at", "P1.F.4"),
      () =>
        message?.outcome === "sent"
          ? undefined
          : reject(
              "CONSENT-MESSAGE",
              "P1.F.4",
              undefined,
              `message ${command.messageId} was not sent to this person`,
            ),
      () =>
        basis.kind === "consent"
          ? consent === undefined
            ? reject(
                "INV-21",
                "P1.F.4",
                "Art. 5(3) ePD; Tw art. 11.7a; EDPB Guidelines 2/2023",
                "opens and clicks are recorded only with consent for e-mail tracking (D2)",
              )
            : undefined
          : state.objectedAt !== undefined
            ? reject("INV-19", "P1.F.3", "Art. 21(2), Art. 21(3)", "the person objected to direct marketing")
            : state.newsletterOptOut !== undefined
              ? reject("INV-18", "P1.F.6", "Art. 21(2)", "the person no longer wants these e-mails")
              : undefined,
      () =>
        registeredProcessing(context.register, {
          activityId: command.activityId,
          purpose: TRACKING_PURPOSE,
          legalBasisKind: basis.kind,
          dataCategories: TRACKING_CATEGORIES,
          subjectCategory: message?.outcome === "sent" ? message.recipientCategory : "newsletterSubscriber",
        }),
    ),
    () => [
      {
        type: "EmailOpenRecorded",
        data: {
          subjectId: command.subjectId,
          messageId: command.messageId,
          activityId: command.activityId,
          interaction: command.interaction,
          basis: basis.kind,
          liaRef: basis.kind === "legitimateInterest" ? basis.liaRef : null,
          at: command.at,
        },
      },
    ],
  );
};
