import type { JsonValue } from "../envelope/json.js";

/**
 * What a personal field reads as once its data key was destroyed: never the plaintext, never an
 * exception. `partial` is the clear-text remnant the field's codec declared (a birth year, the last
 * digits of a number), if any.
 */
export interface Erased<Partial extends JsonValue = JsonValue> {
  readonly kind: "Erased";
  readonly keyId: string;
  readonly partial?: Partial;
}

export const erased = <P extends JsonValue>(keyId: string, partial?: P): Erased<P> =>
  partial === undefined ? { kind: "Erased", keyId } : { kind: "Erased", keyId, partial };

export const isErased = (value: unknown): value is Erased =>
  typeof value === "object" &&
  value !== null &&
  (value as { kind?: unknown }).kind === "Erased" &&
  typeof (value as { keyId?: unknown }).keyId === "string";
