import * as t from "io-ts";

/** One stream per incident; the incident id is opaque. */
export const breachStreamId = (incidentId: string): string => `breach-${incidentId}`;

/** P8.6, INV-48: the CTO's classification; "serious" brings in the CEO and joint decisions (P8.7). */
export const SeverityCodec = t.keyof({ minor: null, serious: null }, "Severity");
export type Severity = t.TypeOf<typeof SeverityCodec>;

/** Art. 33(1), 34(1): no risk, a risk (notify the authority), a high risk (also the people concerned). */
export const RiskCodec = t.keyof({ none: null, risk: null, high: null }, "Risk");
export type Risk = t.TypeOf<typeof RiskCodec>;

/** What a decision of P8.7 is about: the notifications the GDPR asks (P8.5). */
export const DecisionSubjectCodec = t.keyof(
  { notifyAuthority: null, notNotifyAuthority: null, notifySubjects: null, exemptSubjects: null },
  "DecisionSubject",
);
export type DecisionSubject = t.TypeOf<typeof DecisionSubjectCodec>;

/** D6, P8.7: the two roles whose holders decide jointly in a serious case. */
export const ApproverRoleCodec = t.keyof({ CEO: null, CTO: null }, "ApproverRole");
export type ApproverRole = t.TypeOf<typeof ApproverRoleCodec>;

/**
 * Art. 33(3)(a)-(d): what a notification to the Autoriteit Persoonsgegevens describes. Counts are
 * approximate by law ("approximate number"); contents are about the breach, never about a person.
 */
export const AuthorityNotificationContentsCodec = t.partial(
  {
    /** (a) the nature of the breach, including categories of data subjects and of records. */
    nature: t.string,
    approximateSubjects: t.number,
    approximateRecords: t.number,
    /** (b) the name and contact details of the DPO or other contact point. */
    contactPoint: t.string,
    /** (c) the likely consequences. */
    likelyConsequences: t.string,
    /** (d) the measures taken or proposed, including to mitigate adverse effects. */
    measures: t.string,
  },
  "AuthorityNotificationContents",
);
export type AuthorityNotificationContents = t.TypeOf<typeof AuthorityNotificationContentsCodec>;

/** The items of Art. 33(3) that a complete notification holds (INV-52). */
export const ARTICLE_33_3_ITEMS = [
  "nature",
  "approximateSubjects",
  "approximateRecords",
  "contactPoint",
  "likelyConsequences",
  "measures",
] as const satisfies readonly (keyof AuthorityNotificationContents)[];

/** Art. 34(3): the grounds on which the people concerned need not be told. */
export const SubjectExemptionGroundCodec = t.keyof(
  { "Art. 34(3)(a)": null, "Art. 34(3)(b)": null, "Art. 34(3)(c)": null },
  "SubjectExemptionGround",
);
export type SubjectExemptionGround = t.TypeOf<typeof SubjectExemptionGroundCodec>;
