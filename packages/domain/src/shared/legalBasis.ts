import type { Rejection } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import type { ClauseId } from "./clauses.js";
import { reject } from "./reject.js";

/**
 * The legal bases the policy relies on (P2), as GDPR Art. 6(1) names them. Vital interests (d) and public
 * task (e) are left out on purpose: the policy claims neither, so a command citing them is not even
 * expressible.
 */
export const ContractBasisCodec = t.type({ kind: t.literal("contract") }, "ContractBasis");
/** Art. 6(1)(c): the provision of law that imposes the obligation, e.g. "AWR art. 52". */
export const LegalObligationBasisCodec = t.type(
  { kind: t.literal("legalObligation"), provision: t.string },
  "LegalObligationBasis",
);
/** Art. 6(1)(f): the reference of the legitimate-interest assessment (LIA) that balances the interests. */
export const LegitimateInterestBasisCodec = t.type(
  { kind: t.literal("legitimateInterest"), liaRef: t.string },
  "LegitimateInterestBasis",
);
/** Art. 6(1)(a): the consents themselves live in the Consent aggregate (INV-02, INV-22, INV-23). */
export const ConsentBasisCodec = t.type({ kind: t.literal("consent") }, "ConsentBasis");

export const LegalBasisCodec = t.union(
  [ContractBasisCodec, LegalObligationBasisCodec, LegitimateInterestBasisCodec, ConsentBasisCodec],
  "LegalBasis",
);
export type LegalBasis = t.TypeOf<typeof LegalBasisCodec>;
export type LegalBasisKind = LegalBasis["kind"];
export type LegitimateInterestBasis = t.TypeOf<typeof LegitimateInterestBasisCodec>;

export const LEGAL_BASIS_KINDS: readonly LegalBasisKind[] = [
  "contract",
  "legalObligation",
  "legitimateInterest",
  "consent",
];

/** The point of Art. 6(1) each basis is. */
export const LEGAL_BASIS_ARTICLE: Readonly<Record<LegalBasisKind, string>> = {
  consent: "Art. 6(1)(a)",
  contract: "Art. 6(1)(b)",
  legalObligation: "Art. 6(1)(c)",
  legitimateInterest: "Art. 6(1)(f)",
};

/**
 * The clause of the policy that claims each basis. Consent is not in P2 at all: the policy relies on it
 * only for direct marketing (P1.F.3).
 */
export const LEGAL_BASIS_CLAUSE: Readonly<Record<LegalBasisKind, ClauseId>> = {
  contract: "P2.1",
  legalObligation: "P2.2",
  legitimateInterest: "P2.3",
  consent: "P1.F.3",
};

/**
 * INV-02, the part that can be checked without the consent ledger: a legal obligation names the
 * provision that imposes it (Art. 6(3): the basis "shall be laid down by" Union or Member State law), and
 * a legitimate interest names the assessment that weighed it against the subject's interests (Art.
 * 6(1)(f), accountability Art. 5(2)). Returns undefined when the basis is complete.
 */
export const legalBasisDefect = (basis: LegalBasis): Rejection | undefined => {
  switch (basis.kind) {
    case "legalObligation":
      return basis.provision.trim() === ""
        ? reject(
            "INV-02",
            "P2.2",
            "Art. 6(1)(c), Art. 6(3)",
            "a legal-obligation basis must cite the provision of law that imposes it (e.g. AWR art. 52)",
          )
        : undefined;
    case "legitimateInterest":
      return basis.liaRef.trim() === ""
        ? reject(
            "INV-02",
            "P2.3",
            "Art. 6(1)(f), Art. 5(2)",
            "a legitimate-interest basis must reference its legitimate-interest assessment (LIA)",
          )
        : undefined;
    case "contract":
    case "consent":
      return undefined;
  }
};
