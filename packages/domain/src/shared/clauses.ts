import * as t from "io-ts";

/**
 * The clause ids of the privacy policy (policy/privacy-policy.en.md, the Dutch text prevailing), so a
 * rule, an event or a test that cites a clause is checked by the compiler: a typo such as "P8.9" does
 * not build. Leaf clauses first, then the sections a rule may cite as a whole ("P2": the legal bases).
 */
export const POLICY_CLAUSES = [
  "P1.A.1",
  "P1.A.2",
  "P1.A.3",
  "P1.B.1",
  "P1.B.2",
  "P1.B.3",
  "P1.B.4",
  "P1.C.1",
  "P1.C.2",
  "P1.D.1",
  "P1.D.2",
  "P1.D.3",
  "P1.D.4",
  "P1.E.1",
  "P1.E.2",
  "P1.E.3",
  "P1.E.4",
  "P1.F.1",
  "P1.F.2",
  "P1.F.3",
  "P1.F.4",
  "P1.F.5",
  "P1.F.6",
  "P1.F.7",
  "P2.1",
  "P2.2",
  "P2.3",
  "P3.1",
  "P3.2",
  "P3.3",
  "P4.1",
  "P4.2",
  "P5.1",
  "P6.1",
  "P7.a",
  "P7.b",
  "P7.c",
  "P7.d",
  "P7.e",
  "P7.1",
  "P7.2",
  "P7.3",
  "P8.1",
  "P8.2",
  "P8.3",
  "P8.4",
  "P8.5",
  "P8.6",
  "P8.7",
  "P8.8",
] as const;
export type PolicyClause = (typeof POLICY_CLAUSES)[number];

/** The sections, for a rule that applies a whole section (INV-01 cites "P2": every legal basis). */
export const POLICY_SECTIONS = [
  "P1",
  "P1.A",
  "P1.B",
  "P1.C",
  "P1.D",
  "P1.E",
  "P1.F",
  "P2",
  "P3",
  "P4",
  "P5",
  "P6",
  "P7",
  "P8",
] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];

/** What a rejection, an event type or a test may cite. */
export type ClauseId = PolicyClause | PolicySection;

const clauseIds: ReadonlySet<string> = new Set<string>([...POLICY_CLAUSES, ...POLICY_SECTIONS]);

export const isClauseId = (text: string): text is ClauseId => clauseIds.has(text);

/** Clause ids inside events (e.g. the clauses a processing activity serves), validated on read. */
export const ClauseIdCodec: t.Type<ClauseId, string, unknown> = new t.Type<ClauseId, string, unknown>(
  "ClauseId",
  (input): input is ClauseId => typeof input === "string" && isClauseId(input),
  (input, context) =>
    typeof input === "string" && isClauseId(input) ? t.success(input) : t.failure(input, context),
  (clause) => clause,
);
