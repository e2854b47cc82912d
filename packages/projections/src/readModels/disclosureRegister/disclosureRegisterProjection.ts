import { defineProjection } from "../../projection/projection.js";

/**
 * One disclosure of a subject's data to a recipient (P3, INV-24, Art. 19, Art. 30(1)(d)): ids, codes and
 * instants only. The data categories name kinds of data, never the data.
 */
export type DisclosureRow = {
  readonly eventId: string;
  readonly subjectId: string;
  readonly recipientId: string;
  /** processor, employees, partner */
  readonly recipientKind: string;
  /** The data categories disclosed, as a JSON list. */
  readonly dataCategories: string;
  readonly disclosedAt: string;
  readonly activityId: string;
  readonly purpose: string;
  readonly globalPosition: number;
};

/**
 * A recipient told of a rectification, erasure or restriction (INV-44, Art. 19), or the exemption
 * recorded. The exemption's reason text is not copied: the code is what the register needs.
 */
export type RecipientNoticeRow = {
  readonly requestId: string;
  readonly recipientId: string;
  readonly subjectId: string;
  readonly notifiedAt: string | null;
  /** impossible, disproportionateEffort, or null when the recipient was told. */
  readonly exemption: string | null;
  readonly recordedAt: string;
};

export type DisclosureRegisterSchema = {
  readonly disclosures: DisclosureRow;
  readonly notices: RecipientNoticeRow;
};

export const disclosureRegisterProjection = defineProjection<
  DisclosureRegisterSchema,
  "PersonalDataDisclosed" | "RecipientsNotified"
>({
  name: "disclosure_register",
  version: 1,
  tables: {
    disclosures: {
      columns: {
        eventId: "text",
        subjectId: "text",
        recipientId: "text",
        recipientKind: "text",
        dataCategories: "text",
        disclosedAt: "text",
        activityId: "text",
        purpose: "text",
        globalPosition: "integer",
      },
      key: ["eventId"],
      indexes: [["subjectId"], ["recipientId"]],
    },
    notices: {
      columns: {
        requestId: "text",
        recipientId: "text",
        subjectId: "text",
        notifiedAt: "text",
        exemption: "text",
        recordedAt: "text",
      },
      key: ["requestId", "recipientId"],
      indexes: [["subjectId"]],
    },
  },
  handles: ["PersonalDataDisclosed", "RecipientsNotified"],
  handle(event, tx) {
    if (event.type === "PersonalDataDisclosed") {
      const { data } = event;
      tx.upsert("disclosures", {
        eventId: event.id,
        subjectId: data.subjectId,
        recipientId: data.recipientId,
        recipientKind: data.recipientKind,
        dataCategories: JSON.stringify(data.dataCategories),
        disclosedAt: data.disclosedAt,
        activityId: data.activityId,
        purpose: data.purpose,
        globalPosition: event.globalPosition,
      });
      return;
    }
    for (const notice of event.data.notices)
      tx.upsert("notices", {
        requestId: event.data.requestId,
        recipientId: notice.recipientId,
        subjectId: event.data.subjectId,
        notifiedAt: "notifiedAt" in notice ? notice.notifiedAt : null,
        exemption: "exemption" in notice ? notice.exemption : null,
        recordedAt: event.metadata.occurredAt,
      });
  },
});
