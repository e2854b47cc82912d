import type { EventDecodeError } from "@privacy-ledger/eventsourcing";

/** Where an event stands in the log: enough to find it, nothing of its content. */
export interface EventLocation {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly type: string;
}

const where = (event: EventLocation) =>
  `${event.type} at ${event.streamId}@${event.streamVersion} (global position ${event.globalPosition})`;

/**
 * A handler threw. The batch it was in was rolled back, checkpoint included, and the projection stopped
 * there. The message names the projection and the event, never the event's data or the handler's own
 * message (either may hold personal data); the original error is kept as `cause` for a debugger, and
 * must not be logged as such.
 */
export class ProjectionHandlerFailed extends Error {
  override readonly name = "ProjectionHandlerFailed";
  constructor(
    readonly projection: string,
    readonly event: EventLocation,
    cause: unknown,
  ) {
    super(
      `projection ${projection} failed on ${where(event)}: the handler threw ${
        cause instanceof Error ? cause.name : typeof cause
      }`,
      { cause },
    );
  }
}

/** An event the projection handles could not be decoded by its catalog: stored data breaks its codec. */
export class ProjectionDecodeFailed extends Error {
  override readonly name = "ProjectionDecodeFailed";
  readonly event: EventLocation;
  constructor(
    readonly projection: string,
    globalPosition: number,
    readonly error: EventDecodeError,
  ) {
    const event = {
      streamId: error.streamId,
      streamVersion: error.streamVersion,
      globalPosition,
      type: error.type,
    };
    // EventDecodeError's message names paths, never values.
    super(`projection ${projection} cannot read ${where(event)}: ${error.paths.join(", ") || "no decoder"}`);
    this.event = event;
  }
}

/** A read model was declared with other tables under a version that already exists: bump the version. */
export class ProjectionSchemaChanged extends Error {
  override readonly name = "ProjectionSchemaChanged";
  constructor(readonly projection: string) {
    super(
      `projection ${projection} was installed with other tables; a changed read model needs a new version (it is rebuilt beside the old one)`,
    );
  }
}
