import { NEWSLETTER_PURPOSE } from "@privacy-ledger/domain";
import type { ReadModelReader } from "../../projection/readModel.js";
import type { ConsentEvidenceRow, ConsentLedgerSchema, EvidenceKind } from "./consentLedgerProjection.js";

/** One piece of evidence as the ledger shows it (INV-23, Art. 7(1)); nothing of it is personal data. */
export interface ConsentEvidenceEntry {
  readonly kind: EvidenceKind;
  readonly at: string;
  /** The purposes it concerns: the one consented to or withdrawn, those presented; empty for an objection. */
  readonly purposes: readonly string[];
  readonly consentId: string | null;
  readonly noticeVersionId: string | null;
  readonly presentedAt: string | null;
  readonly channel: string | null;
  readonly actorId: string;
  readonly givenBySubject: boolean | null;
  /** The message whose unsubscribe link was used, or the sale the soft opt-in rests on. */
  readonly reference: string | null;
}

const purposesOf = (row: ConsentEvidenceRow): readonly string[] =>
  row.purpose === null
    ? []
    : row.kind === "presented"
      ? (JSON.parse(row.purpose) as string[])
      : [row.purpose];

const entryOf = (row: ConsentEvidenceRow): ConsentEvidenceEntry => ({
  kind: row.kind as EvidenceKind,
  at: row.at,
  purposes: purposesOf(row),
  consentId: row.consentId,
  noticeVersionId: row.noticeVersionId,
  presentedAt: row.presentedAt,
  channel: row.channel,
  actorId: row.actorId,
  givenBySubject: row.givenBySubject === null ? null : row.givenBySubject === 1,
  reference: row.reference,
});

/** In the order things happened (the log's order breaks ties). */
const byTime = (a: ConsentEvidenceRow, b: ConsentEvidenceRow) =>
  Date.parse(a.at) - Date.parse(b.at) || a.globalPosition - b.globalPosition;

/**
 * P1.F.3, INV-23, Art. 7(1): the proof-of-consent history of one person, for one purpose or all: every
 * request shown, consent given and withdrawn, unsubscribe, objection, soft opt-in and suppression, in time
 * order. Objections and suppressions end every marketing purpose and are listed under any purpose asked for.
 */
export const consentLedger = async (
  ledger: ReadModelReader<ConsentLedgerSchema>,
  subjectId: string,
  options: { readonly purpose?: string } = {},
): Promise<ConsentEvidenceEntry[]> => {
  const rows = (await ledger.find("evidence", { subjectId })).sort(byTime);
  const entries = rows.map(entryOf);
  const { purpose } = options;
  return purpose === undefined
    ? entries
    : entries.filter((entry) => entry.purposes.length === 0 || entry.purposes.includes(purpose));
};

/** The answer to "may we mail this person now, and on what basis" (P1.F.3, INV-16). */
export interface MarketingEligibility {
  readonly subjectId: string;
  readonly at: string;
  readonly allowed: boolean;
  /** INV-16: (A) consent for the newsletter, (B) the soft opt-in (Tw art. 11.7(3)), or none. */
  readonly basis: "consent" | "softOptIn" | "none";
  /** The consent mailed on, when the basis is consent. */
  readonly consentId: string | null;
  readonly noticeVersionId: string | null;
  /**
   * The rules that decide it: INV-16 for the basis that allows (or its absence); when not allowed, each
   * rule that stops it, the first one deciding: INV-20 (suppressed), INV-19 (objection), INV-33 (consent
   * older than the policy version that asks it anew), INV-18 (withdrawn or unsubscribed). INV-19 is also
   * named beside INV-16 when a consent given after an objection outweighs it.
   */
  readonly why: readonly string[];
  readonly explanation: string;
}

interface Standing {
  consent:
    | { readonly consentId: string; readonly givenAt: string; readonly noticeVersionId: string }
    | undefined;
  softOptInAt: string | undefined;
  optOut: { readonly at: string; readonly how: "unsubscribed" | "withdrew consent" } | undefined;
  objectedAt: string | undefined;
  suppressedAt: string | undefined;
}

/** The person's standing for the newsletter, folded from the evidence as the Consent aggregate folds its events. */
const standingOf = (rows: readonly ConsentEvidenceRow[]): Standing => {
  const s: Standing = {
    consent: undefined,
    softOptInAt: undefined,
    optOut: undefined,
    objectedAt: undefined,
    suppressedAt: undefined,
  };
  for (const row of rows)
    switch (row.kind as EvidenceKind) {
      case "given":
        if (row.purpose !== NEWSLETTER_PURPOSE) break;
        s.consent = {
          consentId: row.consentId ?? "",
          givenAt: row.at,
          noticeVersionId: row.noticeVersionId ?? "",
        };
        s.optOut = undefined;
        break;
      case "withdrawn":
        if (row.purpose !== NEWSLETTER_PURPOSE) break;
        s.consent = undefined;
        s.optOut = { at: row.at, how: "withdrew consent" };
        break;
      case "unsubscribed":
        s.consent = undefined;
        s.softOptInAt = undefined;
        s.optOut = { at: row.at, how: "unsubscribed" };
        break;
      case "objected":
        s.consent = undefined;
        s.softOptInAt = undefined;
        s.objectedAt = row.at;
        break;
      case "softOptIn":
        s.softOptInAt = row.at;
        break;
      case "suppressed":
        s.consent = undefined;
        s.softOptInAt = undefined;
        s.suppressedAt = row.at;
        break;
      case "presented":
        break;
    }
  return s;
};

const latest = (instants: readonly (string | undefined)[]): string | undefined =>
  instants
    .filter((at): at is string => at !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);

/**
 * P1.F.3, INV-16, INV-18, INV-19, INV-20, INV-33, Art. 7(3), 21(3), Tw art. 11.7: may this person be sent
 * the newsletter at `at`, and on what basis, from the evidence that stood then (facts dated after `at` are
 * left out). The same order of rules as the Consent decider's `newsletterBasis`. `recipientToken`, the
 * suppression token of the address (INV-20), also finds an address suppressed under another subject id.
 */
export const mayWeMail = async (
  ledger: ReadModelReader<ConsentLedgerSchema>,
  subjectId: string,
  at: Date,
  options: { readonly recipientToken?: string } = {},
): Promise<MarketingEligibility> => {
  const until = at.getTime();
  const standing = (rows: readonly ConsentEvidenceRow[]) =>
    rows.filter((row) => Date.parse(row.at) <= until).sort(byTime);
  const s = standingOf(standing(await ledger.find("evidence", { subjectId })));
  const elsewhere =
    options.recipientToken === undefined
      ? []
      : standing(await ledger.find("evidence", { kind: "suppressed", token: options.recipientToken }));
  const suppressedAt = latest([s.suppressedAt, ...elsewhere.map((row) => row.at)]);
  const reconsentSince = latest(
    (await ledger.find("reconsent", { purpose: NEWSLETTER_PURPOSE }))
      .map((row) => row.since)
      .filter((since) => Date.parse(since) <= until),
  );
  const base = { subjectId, at: at.toISOString() };
  const consent = s.consent;
  const counts =
    consent !== undefined &&
    (reconsentSince === undefined || !(Date.parse(consent.givenAt) < Date.parse(reconsentSince)));
  const no = (why: readonly string[], explanation: string): MarketingEligibility => ({
    ...base,
    allowed: false,
    basis: "none",
    consentId: null,
    noticeVersionId: null,
    why,
    explanation,
  });
  if (suppressedAt !== undefined && !(counts && Date.parse(suppressedAt) < Date.parse(consent.givenAt)))
    return no(["INV-20"], `the address is on the suppression list since ${suppressedAt}`);
  if (counts)
    return {
      ...base,
      allowed: true,
      basis: "consent",
      consentId: consent.consentId,
      noticeVersionId: consent.noticeVersionId,
      why: s.objectedAt === undefined ? ["INV-16"] : ["INV-16", "INV-19"],
      explanation:
        s.objectedAt === undefined
          ? `consent ${consent.consentId} for the newsletter, given at ${consent.givenAt}`
          : `consent ${consent.consentId} given at ${consent.givenAt}, after the objection of ${s.objectedAt}`,
    };
  if (s.softOptInAt !== undefined && s.objectedAt === undefined)
    return {
      ...base,
      allowed: true,
      basis: "softOptIn",
      consentId: null,
      noticeVersionId: null,
      why: ["INV-16"],
      explanation: `the soft opt-in established at ${s.softOptInAt} (own similar products only)`,
    };
  const why = [
    ...(s.objectedAt === undefined ? [] : ["INV-19"]),
    ...(consent === undefined ? [] : ["INV-33"]),
    ...(s.optOut === undefined ? [] : ["INV-18"]),
  ];
  if (why.length === 0) return no(["INV-16"], "no consent for the newsletter and no soft opt-in");
  const explanation =
    why[0] === "INV-19"
      ? `the person objected to direct marketing at ${s.objectedAt}; only a later consent re-enables it`
      : why[0] === "INV-33"
        ? `consent ${consent?.consentId} predates the policy version of ${reconsentSince}, which asks for it anew`
        : `the person ${s.optOut?.how} at ${s.optOut?.at}`;
  return no(why, explanation);
};

/** INV-20: the suppression list: blind-index tokens and when each was recorded (never an address). */
export const suppressionList = async (
  ledger: ReadModelReader<ConsentLedgerSchema>,
): Promise<{ readonly token: string; readonly subjectId: string; readonly recordedAt: string }[]> =>
  (await ledger.find("evidence", { kind: "suppressed" }, { orderBy: ["globalPosition"] })).map((row) => ({
    token: row.token ?? "",
    subjectId: row.subjectId,
    recordedAt: row.at,
  }));
