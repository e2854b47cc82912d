import { PURPOSE_ID } from "../privacyPolicy/records.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import { reject } from "../shared/reject.js";
import type { GiveConsent, PresentConsentRequest, WithdrawConsent } from "./commands.js";
import {
  NEWSLETTER_CATEGORIES,
  NEWSLETTER_PURPOSE,
  TRACKING_CATEGORIES,
  TRACKING_PURPOSE,
} from "./records.js";
import {
  activityServes,
  before,
  type Check,
  type Decision,
  decided,
  firstFailure,
  instant,
  notBlank,
  opaqueId,
  registeredProcessing,
  selfOrStaff,
} from "./rules.js";
import type { ConsentState } from "./state.js";

const purposeId = (purpose: string): Check =>
  PURPOSE_ID.test(purpose)
    ? undefined
    : reject(
        "INV-22",
        "P1.F.3",
        "Art. 6(1)(a)",
        `a consent names one purpose id such as "${NEWSLETTER_PURPOSE}", got ${JSON.stringify(purpose)}`,
      );

/**
 * P1.F.3, INV-23, Art. 7(2): a consent request is shown on a versioned notice, for named purposes, each
 * asked separately (a request "clearly distinguishable from the other matters").
 */
export const presentConsentRequest = (command: PresentConsentRequest, _state: ConsentState): Decision => {
  const { subjectId, noticeVersionId, purposes, presentedAt, channel } = command;
  return decided(
    firstFailure(
      () => selfOrStaff(command.actor, subjectId, "presenting a consent request", "P1.F.3"),
      () => opaqueId(noticeVersionId, "noticeVersionId", "P1.F.3"),
      () => instant(presentedAt, "presentedAt", "P1.F.3"),
      () =>
        purposes.length === 0
          ? reject("INV-23", "P1.F.3", "Art. 7(2)", "a consent request names the purposes it asks for")
          : undefined,
      ...purposes.map((purpose) => () => purposeId(purpose)),
    ),
    () => [
      {
        type: "ConsentRequestPresented",
        data: { subjectId, noticeVersionId, purposes, presentedAt, channel },
      },
    ],
  );
};

/** The categories of data a consent for the purpose covers (Art. 30(1)(c)), for INV-01. */
const categoriesOf = (command: GiveConsent): readonly string[] =>
  command.purpose === NEWSLETTER_PURPOSE
    ? NEWSLETTER_CATEGORIES.filter((category) => category !== "name" || command.name !== undefined)
    : command.purpose === TRACKING_PURPOSE
      ? TRACKING_CATEGORIES
      : [];

/**
 * P1.F.1, P1.F.3, INV-22, INV-23, INV-19, INV-01, Art. 4(11), 6(1)(a), 7(1)-(4): a consent is for one
 * purpose, an affirmative act (no pre-ticked box), not tied to the subscription contract, given after a
 * request on that notice version showed that purpose (its evidence taken from that presentation), and
 * after any objection to direct marketing. A newsletter consent names the address it is for.
 */
export const giveConsent = (
  command: GiveConsent,
  state: ConsentState,
  register: ProcessingRegisterState,
): Decision => {
  const { subjectId, consentId, purpose, activityId, noticeVersionId, givenAt, channel, name, email } =
    command;
  const presentation = state.presentations
    .filter(
      (shown) =>
        shown.noticeVersionId === noticeVersionId &&
        shown.purposes.includes(purpose) &&
        !before(givenAt, shown.presentedAt),
    )
    .at(-1);
  const categories = categoriesOf(command);
  return decided(
    firstFailure(
      () => selfOrStaff(command.actor, subjectId, "giving consent", "P1.F.3"),
      () => opaqueId(consentId, "consentId", "P1.F.3"),
      () => opaqueId(noticeVersionId, "noticeVersionId", "P1.F.3"),
      () => instant(givenAt, "givenAt", "P1.F.3"),
      () => purposeId(purpose),
      () =>
        state.consentIds.has(consentId)
          ? reject("CONSENT-DUPLICATE", "P1.F.3", undefined, `consent ${consentId} is already recorded`)
          : undefined,
      () =>
        command.bundledWithContract
          ? reject(
              "INV-22",
              "P1.F.3",
              "Art. 7(4), Art. 7(2)",
              "a consent is not part of accepting the subscription contract; it is asked and given on its own",
            )
          : undefined,
      () =>
        command.preTicked
          ? reject(
              "INV-22",
              "P1.F.3",
              "Art. 4(11); CJEU C-673/17 Planet49",
              "a box ticked in advance is no consent: it takes an affirmative act of the person",
            )
          : undefined,
      () =>
        presentation === undefined
          ? reject(
              "INV-23",
              "P1.F.3",
              "Art. 7(1)",
              `no consent request on notice ${noticeVersionId} showing ${purpose} preceded this consent`,
            )
          : undefined,
      () =>
        state.objectedAt !== undefined && !before(state.objectedAt, givenAt)
          ? reject(
              "INV-19",
              "P1.F.3",
              "Art. 21(3)",
              "a consent that does not postdate the objection to direct marketing cannot outweigh it",
            )
          : undefined,
      () =>
        purpose === NEWSLETTER_PURPOSE &&
        (email === undefined || notBlank(email, "email", "P1.F.1") !== undefined)
          ? reject(
              "CONSENT-ADDRESS",
              "P1.F.1",
              undefined,
              "a newsletter consent names the e-mail address it is for",
            )
          : undefined,
      () => (name === undefined ? undefined : notBlank(name, "name", "P1.F.1")),
      () => activityServes(register, activityId, purpose, "consent"),
      () =>
        categories.length === 0
          ? undefined
          : registeredProcessing(register, {
              activityId,
              purpose,
              legalBasisKind: "consent",
              dataCategories: categories,
              subjectCategory: command.subjectCategory,
            }),
    ),
    () => [
      {
        type: "ConsentGiven",
        data: {
          subjectId,
          consentId,
          purpose,
          activityId,
          evidence: {
            noticeVersionId,
            presentedAt: presentation?.presentedAt ?? "",
            givenAt,
            channel,
            actorId: command.actor.id,
            givenBySubject: command.actor.id === subjectId,
          },
          ...(name === undefined ? {} : { name }),
          ...(email === undefined ? {} : { email }),
        },
      },
    ],
  );
};

/**
 * P1.F.3, INV-18, Art. 7(3): withdrawing takes one step, by the same people who may give, with no other
 * condition; withdrawing what does not stand changes nothing. Effective for every later send.
 */
export const withdrawConsent = (command: WithdrawConsent, state: ConsentState): Decision => {
  const consent = state.consents.get(command.purpose);
  const allowed = firstFailure(
    () => selfOrStaff(command.actor, command.subjectId, "withdrawing consent", "P1.F.3"),
    () => instant(command.withdrawnAt, "withdrawnAt", "P1.F.3"),
  );
  if (consent === undefined) return decided(allowed, () => []);
  return decided(allowed, () => [
    {
      type: "ConsentWithdrawn",
      data: {
        subjectId: command.subjectId,
        consentId: consent.consentId,
        purpose: command.purpose,
        withdrawnAt: command.withdrawnAt,
        channel: command.channel,
      },
    },
  ]);
};
