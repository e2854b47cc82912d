import type { Actor } from "../envelope/metadata.js";

/** A command with who sent it and the ids that trace it through the events it causes. */
export interface CommandEnvelope<Command> {
  readonly command: Command;
  readonly actor: Actor;
  /** Identifies this command; becomes the causation id of the events it produces. */
  readonly commandId: string;
  /** The conversation this command belongs to; defaults to the command id. */
  readonly correlationId?: string;
  /** When the fact happened in the world; defaults to the clock's now. */
  readonly occurredAt?: Date;
  /** Clauses to record beyond those of the event types themselves. */
  readonly clauses?: readonly string[];
}
