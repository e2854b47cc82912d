import { defineProjection } from "../../projection/projection.js";
import { plaintextOrNull } from "../personalText.js";

/**
 * One rights request on the board (gdpr-domain §5(c)1). Deadlines are copied from the events, where the
 * legal calendar computed them (P7.2, Art. 12(3), Reg. 1182/71); the board never computes one itself.
 */
export type RightsRequestRow = {
  readonly requestId: string;
  readonly subjectId: string;
  readonly right: string;
  readonly channel: string;
  readonly receivedAt: string;
  /** One month after receipt (P7.2, Art. 12(3)). */
  readonly dueAt: string;
  readonly dueDate: string;
  /** The one extension by two further months (P7.2, INV-36), when taken. */
  readonly extendedDueAt: string | null;
  readonly extendedDueDate: string | null;
  readonly extensionNoticeSentAt: string | null;
  /** INV-39: unverified, requested, verified or notEstablished. */
  readonly identity: string;
  readonly refusedAt: string | null;
  readonly outcome: string | null;
  readonly closedAt: string | null;
  /**
   * The request's wording as the person put it: personal data (class `accountability`). Null once that
   * class of the subject is erased (P7.b): the board forgets it with the key.
   */
  readonly description: string | null;
};

export type DeadlineBoardSchema = { readonly requests: RightsRequestRow };

/** The rights-request deadline board: P7, P7.1-P7.3, INV-34-INV-37, INV-39, INV-45, Art. 12(3). */
export const deadlineBoardProjection = defineProjection<
  DeadlineBoardSchema,
  | "RightsRequestReceived"
  | "IdentityProofRequested"
  | "IdentityVerified"
  | "IdentityNotEstablished"
  | "DeadlineExtended"
  | "RequestRefused"
  | "RightsRequestClosed"
  | "PersonalDataErased"
>({
  name: "deadline_board",
  version: 1,
  tables: {
    requests: {
      columns: {
        requestId: "text",
        subjectId: "text",
        right: "text",
        channel: "text",
        receivedAt: "text",
        dueAt: "text",
        dueDate: "text",
        extendedDueAt: "text",
        extendedDueDate: "text",
        extensionNoticeSentAt: "text",
        identity: "text",
        refusedAt: "text",
        outcome: "text",
        closedAt: "text",
        description: "text",
      },
      key: ["requestId"],
      indexes: [["subjectId"], ["closedAt"]],
    },
  },
  handles: [
    "RightsRequestReceived",
    "IdentityProofRequested",
    "IdentityVerified",
    "IdentityNotEstablished",
    "DeadlineExtended",
    "RequestRefused",
    "RightsRequestClosed",
    "PersonalDataErased",
  ],
  handle(event, tx) {
    const set = (requestId: string, changes: Partial<RightsRequestRow>) =>
      tx.update("requests", { requestId }, changes);
    switch (event.type) {
      case "RightsRequestReceived": {
        const d = event.data;
        tx.upsert("requests", {
          requestId: d.requestId,
          subjectId: d.subjectId,
          right: d.right,
          channel: d.channel,
          receivedAt: d.receivedAt,
          dueAt: d.dueAt,
          dueDate: d.dueDate,
          extendedDueAt: null,
          extendedDueDate: null,
          extensionNoticeSentAt: null,
          identity: "unverified",
          refusedAt: null,
          outcome: null,
          closedAt: null,
          description: plaintextOrNull(d.description),
        });
        return;
      }
      case "IdentityProofRequested":
        set(event.data.requestId, { identity: "requested" });
        return;
      case "IdentityVerified":
        set(event.data.requestId, { identity: "verified" });
        return;
      case "IdentityNotEstablished":
        set(event.data.requestId, { identity: "notEstablished" });
        return;
      case "DeadlineExtended":
        set(event.data.requestId, {
          extendedDueAt: event.data.extendedDueAt,
          extendedDueDate: event.data.extendedDueDate,
          extensionNoticeSentAt: event.data.reasonsSentAt,
        });
        return;
      case "RequestRefused":
        set(event.data.requestId, { refusedAt: event.data.refusedAt });
        return;
      case "RightsRequestClosed":
        set(event.data.requestId, { outcome: event.data.outcome, closedAt: event.data.closedAt });
        return;
      case "PersonalDataErased":
        // P7.b, Art. 17: the key of the request's wording is gone; so is the board's copy of it.
        if (event.data.retentionClass === "accountability")
          tx.update("requests", { subjectId: event.data.subjectId }, { description: null });
        return;
    }
  },
});
