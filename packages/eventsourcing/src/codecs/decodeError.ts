import type * as t from "io-ts";

/** A stored event that its codec refuses: names where it is and which path is wrong, never its values. */
export interface EventDecodeError {
  readonly kind: "EventDecodeError";
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** Dotted paths into the event's data that failed, e.g. "data.severity". */
  readonly paths: readonly string[];
  readonly message: string;
}

/**
 * Paths of io-ts errors, without the offending values: a value may be personal data or ciphertext and
 * must not end up in a log line.
 */
export const failingPaths = (errors: t.Errors, root = "data"): string[] => {
  const paths = new Set<string>();
  for (const error of errors) {
    const keys = error.context
      .map((entry) => entry.key)
      .filter((key) => key !== "")
      // io-ts puts union member indices and intersection positions into the context; keep real keys.
      .filter((key, index, all) => !(/^\d+$/.test(key) && index > 0 && all[index - 1] === key));
    const expected = error.context[error.context.length - 1]?.type.name ?? "value";
    const path = (root === "" ? keys : [root, ...keys]).join(".") || "value";
    paths.add(`${path} (expected ${expected})`);
  }
  return [...paths];
};

/** Thrown by loaders when history cannot be decoded: stored data that breaks its codec is broken data. */
export class EventDecodingFailed extends Error {
  override readonly name = "EventDecodingFailed";
  constructor(readonly error: EventDecodeError) {
    super(error.message);
  }
}
