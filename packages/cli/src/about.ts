import { breachStreamId, consentStreamId, dataSubjectStreamId, policyCatalogs } from "@privacy-ledger/domain";
import { erasureStreamId, type JsonValue, type StoredEvent } from "@privacy-ledger/eventsourcing";

/**
 * The fields that name a data subject: every sibling a personal-field marking points at (subjectId,
 * userSubjectId, billingContactSubjectId, …), read from the catalogs, and `subjectId` itself.
 */
export const SUBJECT_FIELDS: ReadonlySet<string> = new Set([
  "subjectId",
  ...policyCatalogs.flatMap((catalog) =>
    catalog.types.flatMap((type) =>
      [1, 2, 3, 4].flatMap((version) =>
        catalog.personalFields(type, version).map((spec) => spec.marking.subject),
      ),
    ),
  ),
  // Ids of subjects in events whose fields about them are not sealed (the requester of a subscription).
  "requesterSubjectId",
  "userSubjectId",
  "billingContactSubjectId",
  "contactSubjectId",
]);

/** Whether any object in `data` names `subjectId` in a subject field. */
const namesSubject = (data: JsonValue, subjectId: string): boolean => {
  if (typeof data !== "object" || data === null) return false;
  if (Array.isArray(data)) return data.some((item) => namesSubject(item, subjectId));
  for (const [key, value] of Object.entries(data)) {
    if (value === subjectId && SUBJECT_FIELDS.has(key)) return true;
    if (typeof value === "object" && namesSubject(value, subjectId)) return true;
  }
  return false;
};

export type Focus =
  | { readonly kind: "subject"; readonly id: string }
  | { readonly kind: "incident"; readonly id: string }
  | { readonly kind: "request"; readonly id: string };

const topLevel = (event: StoredEvent, key: string): unknown =>
  typeof event.data === "object" && event.data !== null && !Array.isArray(event.data)
    ? (event.data as Record<string, unknown>)[key]
    : undefined;

/**
 * Whether an event is about the subject (its DataSubject, Consent and erasure streams, and any event
 * naming it in a subject field), the incident (its breach stream) or the rights request (its id).
 */
export const isAbout = (focus: Focus, event: StoredEvent): boolean => {
  switch (focus.kind) {
    case "subject":
      return (
        event.streamId === dataSubjectStreamId(focus.id) ||
        event.streamId === consentStreamId(focus.id) ||
        event.streamId === erasureStreamId(focus.id) ||
        namesSubject(event.data, focus.id)
      );
    case "incident":
      return event.streamId === breachStreamId(focus.id) || topLevel(event, "incidentId") === focus.id;
    case "request":
      return topLevel(event, "requestId") === focus.id;
  }
};
