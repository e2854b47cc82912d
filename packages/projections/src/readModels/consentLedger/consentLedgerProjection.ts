import { NEWSLETTER_PURPOSE } from "@privacy-ledger/domain";
import { defineProjection } from "../../projection/projection.js";

/**
 * One piece of consent evidence (gdpr-domain §5(c)3-4; P1.F.3, INV-23, Art. 7(1)): what was shown, given,
 * withdrawn or objected to, when, on which notice version, by which channel and actor. Ids, codes and
 * instants only: the name and address a consent is for are never copied (they sit sealed in the events,
 * class `marketing`), so the ledger outlives the erasure of the newsletter data as the proof it must be.
 */
export type ConsentEvidenceRow = {
  readonly eventId: string;
  readonly subjectId: string;
  readonly globalPosition: number;
  /** presented, given, withdrawn, unsubscribed, objected, softOptIn or suppressed. */
  readonly kind: string;
  /** The purpose (given, withdrawn), or a JSON list of purposes (presented); null for the others. */
  readonly purpose: string | null;
  readonly consentId: string | null;
  readonly noticeVersionId: string | null;
  readonly presentedAt: string | null;
  /** When it happened: presented, given, withdrawn, unsubscribed, objected, established, recorded. */
  readonly at: string;
  readonly channel: string | null;
  /** The opaque id of who gave or recorded it (INV-23), from the evidence or the event's metadata. */
  readonly actorId: string;
  /** 1 when the person gave the consent themself, 0 when staff recorded it; null for other kinds. */
  readonly givenBySubject: number | null;
  /** The message whose unsubscribe link was used (P1.F.6), or the soft opt-in's sale reference. */
  readonly reference: string | null;
  /** INV-20: the suppression token (a blind index, never an address), for kind suppressed. */
  readonly token: string | null;
};

/** INV-33, P6.1: from when a consent for a purpose counts, because a policy version (re)added it on consent. */
export type ReconsentRow = {
  readonly purpose: string;
  readonly versionId: string;
  readonly since: string;
};

export type ConsentLedgerSchema = {
  readonly evidence: ConsentEvidenceRow;
  readonly reconsent: ReconsentRow;
};

export type EvidenceKind =
  | "presented"
  | "given"
  | "withdrawn"
  | "unsubscribed"
  | "objected"
  | "softOptIn"
  | "suppressed";

/** The consent ledger with its evidence: P1.F.3, P1.F.6, P6.1, INV-16, INV-18-INV-20, INV-23, INV-33, Art. 7. */
export const consentLedgerProjection = defineProjection<
  ConsentLedgerSchema,
  | "ConsentRequestPresented"
  | "ConsentGiven"
  | "ConsentWithdrawn"
  | "UnsubscribedViaLink"
  | "DirectMarketingObjectionRecorded"
  | "SoftOptInEstablished"
  | "SuppressionTokenRecorded"
  | "PolicyVersionPublished"
>({
  name: "consent_ledger",
  version: 1,
  tables: {
    evidence: {
      columns: {
        eventId: "text",
        subjectId: "text",
        globalPosition: "integer",
        kind: "text",
        purpose: "text",
        consentId: "text",
        noticeVersionId: "text",
        presentedAt: "text",
        at: "text",
        channel: "text",
        actorId: "text",
        givenBySubject: "integer",
        reference: "text",
        token: "text",
      },
      key: ["eventId"],
      indexes: [["subjectId", "globalPosition"], ["token"]],
    },
    reconsent: {
      columns: { purpose: "text", versionId: "text", since: "text" },
      key: ["purpose", "versionId"],
    },
  },
  handles: [
    "ConsentRequestPresented",
    "ConsentGiven",
    "ConsentWithdrawn",
    "UnsubscribedViaLink",
    "DirectMarketingObjectionRecorded",
    "SoftOptInEstablished",
    "SuppressionTokenRecorded",
    "PolicyVersionPublished",
  ],
  handle(event, tx) {
    if (event.type === "PolicyVersionPublished") {
      // INV-33: a version that adds a purpose on consent asks consent for it anew from its publication.
      for (const added of event.data.addsPurposes)
        if (added.legalBasis.kind === "consent")
          tx.upsert("reconsent", {
            purpose: added.purpose,
            versionId: event.data.versionId,
            since: event.data.publishedAt,
          });
      return;
    }
    const record = (kind: EvidenceKind, at: string, fields: Partial<ConsentEvidenceRow> = {}) =>
      tx.upsert("evidence", {
        eventId: event.id,
        subjectId: event.data.subjectId,
        globalPosition: event.globalPosition,
        kind,
        purpose: null,
        consentId: null,
        noticeVersionId: null,
        presentedAt: null,
        at,
        channel: null,
        actorId: event.metadata.actor.id,
        givenBySubject: null,
        reference: null,
        token: null,
        ...fields,
      });
    switch (event.type) {
      case "ConsentRequestPresented":
        record("presented", event.data.presentedAt, {
          purpose: JSON.stringify(event.data.purposes),
          noticeVersionId: event.data.noticeVersionId,
          presentedAt: event.data.presentedAt,
          channel: event.data.channel,
        });
        return;
      case "ConsentGiven": {
        // INV-23: the evidence as the decider recorded it; the name and address are left in the event.
        const { evidence } = event.data;
        record("given", evidence.givenAt, {
          purpose: event.data.purpose,
          consentId: event.data.consentId,
          noticeVersionId: evidence.noticeVersionId,
          presentedAt: evidence.presentedAt,
          channel: evidence.channel,
          actorId: evidence.actorId,
          givenBySubject: evidence.givenBySubject ? 1 : 0,
        });
        return;
      }
      case "ConsentWithdrawn":
        record("withdrawn", event.data.withdrawnAt, {
          purpose: event.data.purpose,
          consentId: event.data.consentId,
          channel: event.data.channel,
        });
        return;
      case "UnsubscribedViaLink":
        record("unsubscribed", event.data.unsubscribedAt, {
          purpose: NEWSLETTER_PURPOSE,
          reference: event.data.messageId,
        });
        return;
      case "DirectMarketingObjectionRecorded":
        record("objected", event.data.objectedAt, { channel: event.data.channel });
        return;
      case "SoftOptInEstablished":
        record("softOptIn", event.data.establishedAt, {
          purpose: NEWSLETTER_PURPOSE,
          reference: event.data.conditions.saleRef,
        });
        return;
      case "SuppressionTokenRecorded":
        record("suppressed", event.data.recordedAt, { token: event.data.token });
        return;
    }
  },
});
