import * as t from "io-ts";

/**
 * Who did it and why, in clear text. Metadata is never encrypted, so it must never hold personal
 * data: actor ids are opaque ids, not names or e-mail addresses.
 */
export const ActorCodec = t.readonly(
  t.type({
    id: t.string,
    roles: t.readonlyArray(t.string),
  }),
  "Actor",
);
export type Actor = t.TypeOf<typeof ActorCodec>;

const metadataFields = {
  actor: ActorCodec,
  correlationId: t.string,
  causationId: t.string,
  /** When the fact happened in the world (ISO-8601, UTC). */
  occurredAt: t.string,
  /** The policy clauses this event records the application of (e.g. "P8.6"). */
  clauses: t.readonlyArray(t.string),
};

/** Metadata as a writer supplies it; the store stamps `recordedAt`. */
export const NewEventMetadataCodec = t.readonly(t.type(metadataFields), "NewEventMetadata");
export type NewEventMetadata = t.TypeOf<typeof NewEventMetadataCodec>;

export const EventMetadataCodec = t.readonly(
  t.type({
    ...metadataFields,
    /** When the store accepted the event (ISO-8601, UTC). */
    recordedAt: t.string,
  }),
  "EventMetadata",
);
export type EventMetadata = t.TypeOf<typeof EventMetadataCodec>;
