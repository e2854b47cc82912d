import { personal } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import type { LegitimateInterestBasisCodec } from "../shared/legalBasis.js";
import type { RetentionClass } from "../shared/retentionClasses.js";

/**
 * The retention classes of the subscription's personal data (INV-27): one data key per (subject, class),
 * so each class is shredded on its own clock. Client and user data live for the term plus the backup
 * window (P4.1, INV-28); billing data for the fiscal duty (P1.D.3, AWR art. 52(4), INV-10, INV-11).
 */
export const CONTRACT_RETENTION = "contract" satisfies RetentionClass;
export const FISCAL_RETENTION = "fiscal" satisfies RetentionClass;

/** P1.A.1: requests arrive by e-mail and by telephone, nothing else. */
export const ChannelCodec = t.keyof({ email: null, phone: null }, "Channel");
export type Channel = t.TypeOf<typeof ChannelCodec>;

/**
 * The items of data a service may require (P1.A.3: which data depends on the type of service). The
 * organisation's own data are about a legal person and stay in clear; the contact's are personal data of
 * the requester. (A sole trader's trade name can identify a person: flagged in the report, not solved here.)
 */
export const RequiredDataItemCodec = t.keyof(
  {
    organisationName: null,
    billingAddress: null,
    contactName: null,
    contactEmail: null,
    contactPhone: null,
  },
  "RequiredDataItem",
);
export type RequiredDataItem = t.TypeOf<typeof RequiredDataItemCodec>;
export const REQUIRED_DATA_ITEMS: readonly RequiredDataItem[] = Object.keys(
  RequiredDataItemCodec.keys,
) as RequiredDataItem[];

const requesterData = { subject: "requesterSubjectId", retention: CONTRACT_RETENTION } as const;

/**
 * The data supplied for a subscription (P1.A.1-P1.A.3), all optional until activation checks that the
 * required ones are there (INV-30). Sits beside `requesterSubjectId` in each event that carries it.
 */
export const SubscriptionDataCodec = t.partial(
  {
    organisationName: t.string,
    billingAddress: t.string,
    contactName: personal(t.string, requesterData),
    contactEmail: personal(t.string, { ...requesterData, lookup: "email" }),
    contactPhone: personal(t.string, requesterData),
  },
  "SubscriptionData",
);
/** As a command supplies it: plaintext only (an `Erased` value is what a reader may get back, never input). */
export type SubscriptionData = Partial<Record<RequiredDataItem, string>>;

/** Art. 6(1)(b), P2.1: the subscription's data are processed to perform the contract. */
export const ContractBasisLiteral = t.type({ kind: t.literal("contract") }, "ContractBasis");

/** Art. 6(1)(f), P2.3: usage monitoring names the legitimate-interest assessment it rests on (INV-02). */
export type LegitimateInterestBasis = t.TypeOf<typeof LegitimateInterestBasisCodec>;
