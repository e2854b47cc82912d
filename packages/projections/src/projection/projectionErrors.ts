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
 * there. Nothing in it that a logger prints (`console.error`, `util.inspect`, `JSON.stringify`, an error
 * serializer) holds the event's data or the handler's own message, either of which may be personal
 * data: the message and `event` name only where the event stands. The handler's error is kept, for a
 * debugger, as `handlerError`: not enumerable and not `cause`, which Node's inspect would print.
 */
export class ProjectionHandlerFailed extends Error {
  override readonly name = "ProjectionHandlerFailed";
  /** Where the event stands; copied field by field, since the handler was given the whole (decrypted) event. */
  readonly event: EventLocation;
  declare readonly handlerError: unknown;
  constructor(
    readonly projection: string,
    event: EventLocation,
    handlerError: unknown,
  ) {
    const location: EventLocation = {
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      globalPosition: event.globalPosition,
      type: event.type,
    };
    super(
      `projection ${projection} failed on ${where(location)}: the handler threw ${
        handlerError instanceof Error ? handlerError.name : typeof handlerError
      }`,
    );
    this.event = location;
    Object.defineProperty(this, "handlerError", { value: handlerError, enumerable: false });
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
