import { defineProjection } from "../../projection/projection.js";

/**
 * One erasure (gdpr-domain §5(c)10): free of personal data by construction, since the kernel's
 * PersonalDataErased record holds only ids, a class and a reason code (P7.b, Art. 17, Art. 5(2)).
 */
export type ErasureRow = {
  readonly eventId: string;
  readonly subjectId: string;
  readonly retentionClass: string;
  /** The destroyed data keys, as a JSON list. */
  readonly keyIds: string;
  /** A reason code (data-subject-request, retention-expired). */
  readonly reason: string;
  readonly requestId: string | null;
  readonly erasedAt: string;
  /** The opaque id of who ran it. */
  readonly actorId: string;
  readonly globalPosition: number;
};

export type ErasureLedgerSchema = { readonly erasures: ErasureRow };

export const erasureLedgerProjection = defineProjection<ErasureLedgerSchema, "PersonalDataErased">({
  name: "erasure_ledger",
  version: 1,
  tables: {
    erasures: {
      columns: {
        eventId: "text",
        subjectId: "text",
        retentionClass: "text",
        keyIds: "text",
        reason: "text",
        requestId: "text",
        erasedAt: "text",
        actorId: "text",
        globalPosition: "integer",
      },
      key: ["eventId"],
      indexes: [["subjectId"], ["globalPosition"]],
    },
  },
  handles: ["PersonalDataErased"],
  handle(event, tx) {
    tx.upsert("erasures", {
      eventId: event.id,
      subjectId: event.data.subjectId,
      retentionClass: event.data.retentionClass,
      keyIds: JSON.stringify(event.data.keyIds),
      reason: event.data.reason,
      requestId: event.data.requestId,
      erasedAt: event.metadata.occurredAt,
      actorId: event.metadata.actor.id,
      globalPosition: event.globalPosition,
    });
  },
});
