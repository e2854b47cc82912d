import type { ReadModelReader } from "../../projection/readModel.js";
import type { DisclosureRegisterSchema } from "./disclosureRegisterProjection.js";

export interface DisclosureEntry {
  readonly subjectId: string;
  readonly recipientId: string;
  readonly recipientKind: string;
  readonly dataCategories: readonly string[];
  readonly disclosedAt: string;
  readonly activityId: string;
  readonly purpose: string;
}

/** Disclosures in log order, of one subject, one recipient, or all (Art. 19, Art. 30(1)(d)). */
export const disclosureRegister = async (
  register: ReadModelReader<DisclosureRegisterSchema>,
  filter: { readonly subjectId?: string; readonly recipientId?: string } = {},
): Promise<DisclosureEntry[]> => {
  const rows = await register.find(
    "disclosures",
    { subjectId: filter.subjectId, recipientId: filter.recipientId },
    { orderBy: ["globalPosition"] },
  );
  return rows.map((row) => ({
    subjectId: row.subjectId,
    recipientId: row.recipientId,
    recipientKind: row.recipientKind,
    dataCategories: JSON.parse(row.dataCategories) as string[],
    disclosedAt: row.disclosedAt,
    activityId: row.activityId,
    purpose: row.purpose,
  }));
};

export interface RecipientToNotify {
  readonly recipientId: string;
  readonly recipientKind: string;
  /** When the last disclosure to this recipient was made. */
  readonly lastDisclosedAt: string;
  readonly state: "notified" | "exempted" | "pending";
  readonly notifiedAt: string | null;
  readonly exemption: string | null;
}

/**
 * Art. 19, INV-44: every recipient the subject's data went to, and whether it was told of this request's
 * rectification, erasure or restriction (or the exemption recorded). A request may close only with none
 * pending.
 */
export const recipientsToNotify = async (
  register: ReadModelReader<DisclosureRegisterSchema>,
  subjectId: string,
  requestId: string,
): Promise<RecipientToNotify[]> => {
  const recipients = new Map<string, { kind: string; last: string }>();
  for (const row of await register.find("disclosures", { subjectId }, { orderBy: ["globalPosition"] }))
    recipients.set(row.recipientId, { kind: row.recipientKind, last: row.disclosedAt });
  const notices = new Map(
    (await register.find("notices", { subjectId, requestId })).map((n) => [n.recipientId, n]),
  );
  return [...recipients]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([recipientId, { kind, last }]) => {
      const notice = notices.get(recipientId);
      return {
        recipientId,
        recipientKind: kind,
        lastDisclosedAt: last,
        state: notice === undefined ? "pending" : notice.exemption === null ? "notified" : "exempted",
        notifiedAt: notice?.notifiedAt ?? null,
        exemption: notice?.exemption ?? null,
      };
    });
};
