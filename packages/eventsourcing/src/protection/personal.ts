import * as t from "io-ts";
import type { JsonValue } from "../envelope/json.js";
import { type Erased, isErased } from "./erased.js";

/** A personal field's value as a decider or projection sees it: the plaintext, or `Erased`. */
export type Personal<A, P extends JsonValue = JsonValue> = A | Erased<P>;

export interface PersonalDataMarking<A> {
  /**
   * The sibling field (in the same object) that holds the id of the data subject this value belongs
   * to. Subject ids are opaque (never an e-mail address); the field itself stays in clear text.
   */
  readonly subject: string;
  /** The retention class: one data key per (subject, class), so classes are erased independently. */
  readonly retention: string;
  /** A clear-text remnant kept when the key is destroyed (e.g. a year). It must not identify anyone. */
  readonly partial?: (value: A) => JsonValue;
}

/** An io-ts codec marked as personal data. The marking travels with the codec so catalogs can find it. */
export class PersonalType<A, O> extends t.Type<Personal<A>, O, unknown> {
  readonly _tag = "PersonalType" as const;
  constructor(
    readonly inner: t.Type<A, O, unknown>,
    readonly marking: PersonalDataMarking<A>,
  ) {
    super(
      `Personal<${inner.name}>`,
      (u): u is Personal<A> => isErased(u) || inner.is(u),
      (u, c) => (isErased(u) ? t.success(u) : inner.validate(u, c)),
      // An Erased value copied into a new event is stored as its marker: it holds nothing personal.
      (a) => (isErased(a) ? (a as unknown as O) : inner.encode(a)),
    );
  }
}

/**
 * Marks a field as personal data of the subject named by a sibling field, in a retention class:
 * `email: personal(t.string, { subject: "subjectId", retention: "marketing" })`. Stores only ever see
 * it encrypted; readers get the plaintext or `Erased` once the key is gone.
 */
export const personal = <A, O>(
  codec: t.Type<A, O, unknown>,
  marking: PersonalDataMarking<A>,
): PersonalType<A, O> => new PersonalType(codec, marking);

/** Where a personal field sits in an event's data: object keys, with "*" for every element of an array. */
export interface PersonalFieldSpec {
  readonly path: readonly string[];
  readonly marking: PersonalDataMarking<never>;
}

type AnyType = t.Mixed & { readonly _tag?: string };

/**
 * Finds the personal fields of a codec by walking its structure: t.type, t.partial, t.strict/t.exact,
 * t.readonly, t.intersection, t.array/t.readonlyArray and refinements are looked through. A marking
 * inside a union is refused: which branch applies would depend on the data, so the fields to encrypt
 * could not be known from the type.
 */
export const personalFieldsOf = (codec: t.Mixed): PersonalFieldSpec[] => {
  const found: PersonalFieldSpec[] = [];
  const walk = (type: AnyType, path: string[]): void => {
    if (type instanceof PersonalType) {
      found.push({ path, marking: type.marking as PersonalDataMarking<never> });
      return;
    }
    if (type instanceof t.InterfaceType || type instanceof t.PartialType) {
      for (const [key, prop] of Object.entries(type.props as Record<string, AnyType>))
        walk(prop, [...path, key]);
    } else if (
      type instanceof t.ExactType ||
      type instanceof t.ReadonlyType ||
      type instanceof t.RefinementType
    ) {
      walk(type.type as AnyType, path);
    } else if (type instanceof t.IntersectionType) {
      for (const member of type.types as AnyType[]) walk(member, path);
    } else if (type instanceof t.ArrayType || type instanceof t.ReadonlyArrayType) {
      walk(type.type as AnyType, [...path, "*"]);
    } else if (type instanceof t.UnionType) {
      if ((type.types as AnyType[]).some((member) => personalFieldsOf(member).length > 0))
        throw new Error(
          `personal data inside a union (${type.name}) cannot be located; mark the field outside it`,
        );
    }
  };
  walk(codec as AnyType, []);
  return found;
};
