import type { RequiredConsent } from "../privacyPolicy/records.js";
import type { ConsentEvent } from "./events.js";
import { NEWSLETTER_PURPOSE, type RecipientCategory, TRACKING_PURPOSE } from "./records.js";

/** A consent request as it was shown (INV-23). */
export interface Presentation {
  readonly noticeVersionId: string;
  readonly purposes: readonly string[];
  readonly presentedAt: string;
}

/** A consent that stands: not withdrawn, not ended by an unsubscribe, an objection or an erasure. */
export interface ActiveConsent {
  readonly consentId: string;
  readonly purpose: string;
  readonly givenAt: string;
  readonly noticeVersionId: string;
}

export interface SoftOptIn {
  readonly activityId: string;
  readonly similarProducts: readonly string[];
  readonly establishedAt: string;
}

/** A message decided for this person: sent (with what the tracking check needs) or blocked. */
export type MessageOutcome =
  | { readonly outcome: "sent"; readonly activityId: string; readonly recipientCategory: RecipientCategory }
  | { readonly outcome: "blocked" };

/**
 * INV-20: suppression tokens with the instant they were recorded. Folded from every consent stream
 * (`addToSuppressionList`), it lets a send to a new subject id find an address erased under an old one.
 */
export type SuppressionList = ReadonlyMap<string, string>;

/**
 * What the Consent decider knows of a person: the requests shown, the consents that stand, the soft opt-in,
 * the opt-outs and the objection with their instants, the messages and their unsubscribe tokens. No name
 * and no address: those sit sealed in the events.
 */
export interface ConsentState {
  readonly subjectId: string;
  readonly presentations: readonly Presentation[];
  /** purpose → the consent that stands for it. */
  readonly consents: ReadonlyMap<string, ActiveConsent>;
  readonly consentIds: ReadonlySet<string>;
  readonly softOptIn: SoftOptIn | undefined;
  /** The latest opt-out from the newsletter (unsubscribe link or withdrawal), until a new consent. */
  readonly newsletterOptOut: { readonly at: string; readonly how: "unsubscribe" | "withdrawal" } | undefined;
  /** The latest objection to direct marketing (INV-19); it stays: only a later consent outweighs it. */
  readonly objectedAt: string | undefined;
  readonly websiteInterest: boolean;
  readonly messages: ReadonlyMap<string, MessageOutcome>;
  /** unsubscribe token → the message it was sent in (INV-18: the token is the only authentication). */
  readonly linkTokens: ReadonlyMap<string, string>;
  readonly suppression: SuppressionList;
}

export const initialConsentState: ConsentState = {
  subjectId: "",
  presentations: [],
  consents: new Map(),
  consentIds: new Set(),
  softOptIn: undefined,
  newsletterOptOut: undefined,
  objectedAt: undefined,
  websiteInterest: false,
  messages: new Map(),
  linkTokens: new Map(),
  suppression: new Map(),
};

const without = (consents: ReadonlyMap<string, ActiveConsent>, purposes: readonly string[]) => {
  const left = new Map(consents);
  for (const purpose of purposes) left.delete(purpose);
  return left;
};

/** Art. 21(2): direct marketing "including profiling to the extent that it is related to" it. */
const DIRECT_MARKETING_PURPOSES = [NEWSLETTER_PURPOSE, TRACKING_PURPOSE];

export const evolveConsent = (state: ConsentState, event: ConsentEvent): ConsentState => {
  const base = state.subjectId === "" ? { ...state, subjectId: event.data.subjectId } : state;
  switch (event.type) {
    case "ConsentRequestPresented": {
      const { noticeVersionId, purposes, presentedAt } = event.data;
      return { ...base, presentations: [...base.presentations, { noticeVersionId, purposes, presentedAt }] };
    }
    case "ConsentGiven": {
      const { consentId, purpose, evidence } = event.data;
      const consent = {
        consentId,
        purpose,
        givenAt: evidence.givenAt,
        noticeVersionId: evidence.noticeVersionId,
      };
      return {
        ...base,
        consents: new Map(base.consents).set(purpose, consent),
        consentIds: new Set(base.consentIds).add(consentId),
        newsletterOptOut: purpose === NEWSLETTER_PURPOSE ? undefined : base.newsletterOptOut,
      };
    }
    case "ConsentWithdrawn":
      return {
        ...base,
        consents: without(base.consents, [event.data.purpose]),
        newsletterOptOut:
          event.data.purpose === NEWSLETTER_PURPOSE
            ? { at: event.data.withdrawnAt, how: "withdrawal" }
            : base.newsletterOptOut,
      };
    case "UnsubscribedViaLink":
      return {
        ...base,
        consents: without(base.consents, [NEWSLETTER_PURPOSE]),
        softOptIn: undefined,
        newsletterOptOut: { at: event.data.unsubscribedAt, how: "unsubscribe" },
      };
    case "DirectMarketingObjectionRecorded":
      return {
        ...base,
        consents: without(base.consents, DIRECT_MARKETING_PURPOSES),
        softOptIn: undefined,
        objectedAt: event.data.objectedAt,
      };
    case "WebsiteInterestRegistered":
      return { ...base, websiteInterest: true };
    case "SoftOptInEstablished":
      return {
        ...base,
        softOptIn: {
          activityId: event.data.activityId,
          similarProducts: event.data.conditions.similarProducts,
          establishedAt: event.data.establishedAt,
        },
      };
    case "NewsletterSent":
      return {
        ...base,
        messages: new Map(base.messages).set(event.data.messageId, {
          outcome: "sent",
          activityId: event.data.activityId,
          recipientCategory: event.data.recipientCategory,
        }),
        linkTokens: new Map(base.linkTokens).set(event.data.unsubscribeToken, event.data.messageId),
      };
    case "SendBlocked":
      return { ...base, messages: new Map(base.messages).set(event.data.messageId, { outcome: "blocked" }) };
    case "EmailOpenRecorded":
      return base;
    case "SuppressionTokenRecorded":
      // The newsletter data are erased (D4): nothing stands on which the person could be mailed.
      return {
        ...base,
        consents: without(base.consents, DIRECT_MARKETING_PURPOSES),
        softOptIn: undefined,
        suppression: new Map(base.suppression).set(event.data.token, event.data.recordedAt),
      };
  }
};

/**
 * INV-20: folds suppression tokens from any consent stream into one list (a projection the app keeps and
 * gives the decider as `suppressionList`).
 */
export const addToSuppressionList = (list: SuppressionList, event: ConsentEvent): SuppressionList =>
  event.type === "SuppressionTokenRecorded" && !list.has(event.data.token)
    ? new Map(list).set(event.data.token, event.data.recordedAt)
    : list;

export const suppressionListOf = (events: Iterable<ConsentEvent>): SuppressionList => {
  let list: SuppressionList = new Map();
  for (const event of events) list = addToSuppressionList(list, event);
  return list;
};

const isState = (source: ConsentState | SuppressionList): source is ConsentState => "suppression" in source;

/** INV-20: whether the token is on the person's own suppression entries or on the list given. */
export const isSuppressed = (source: ConsentState | SuppressionList, token: string): boolean =>
  (isState(source) ? source.suppression : source).has(token);

/** When the token was suppressed (the latest of the sources), or undefined. */
export const suppressedAt = (
  sources: readonly (ConsentState | SuppressionList)[],
  token: string,
): string | undefined =>
  sources
    .map((source) => (isState(source) ? source.suppression : source).get(token))
    .filter((at): at is string => at !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);

/**
 * INV-33: the consent that stands for the purpose and counts under the policy: given at or after the
 * publication of the latest version that (re)added the purpose on consent. Older consents do not cover it.
 */
export const countingConsent = (
  state: ConsentState,
  purpose: string,
  required: readonly RequiredConsent[] = [],
): ActiveConsent | undefined => {
  const consent = state.consents.get(purpose);
  const rule = required.find((entry) => entry.purpose === purpose);
  return consent !== undefined &&
    (rule === undefined || Date.parse(consent.givenAt) >= Date.parse(rule.since))
    ? consent
    : undefined;
};

/**
 * INV-33, P6.1: the purposes the policy requires consent for (`requiredConsentsOf(policyState)`) that this
 * person has no counting consent for: whom a re-consent request goes to, and for what.
 */
export const purposesNeedingReconsent = (
  state: ConsentState,
  required: readonly RequiredConsent[],
): readonly string[] =>
  required
    .filter((entry) => countingConsent(state, entry.purpose, required) === undefined)
    .map((entry) => entry.purpose);
