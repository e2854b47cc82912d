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
  /**
   * A blind-index kind ("email"): the protection layer records a keyed token of the value when it seals
   * it, so the subject can be found by that value later (`blindIndex(keyStore).find("email", …)`)
   * without the value being stored; the token goes with the subject's keys at erasure.
   */
  readonly lookup?: string;
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
 * t.readonly, t.intersection, t.array/t.readonlyArray (of objects) and refinements are looked
 * through. Anything else that holds a marking (a union, a record, a tuple, a recursive type, an array
 * of personal values, a whole event) is refused at definition: a field that could not be located
 * would be stored in clear text.
 */
export const personalFieldsOf = (codec: t.Mixed): PersonalFieldSpec[] => {
  const found: PersonalFieldSpec[] = [];
  const refuse = (where: string, why: string): never => {
    throw new Error(
      `personal data ${where} cannot be sealed: ${why}; mark a named field of an object instead`,
    );
  };
  const containsMarking = (type: AnyType, seen: Set<AnyType>): boolean => {
    if (seen.has(type)) return false;
    seen.add(type);
    if (type instanceof PersonalType) return true;
    const inner = type as unknown as {
      type?: AnyType;
      types?: AnyType[];
      props?: Record<string, AnyType>;
      codomain?: AnyType;
    };
    const children = [
      ...(inner.type ? [inner.type] : []),
      ...(inner.types ?? []),
      ...Object.values(inner.props ?? {}),
      ...(inner.codomain ? [inner.codomain] : []),
    ];
    return children.some((child) => containsMarking(child, seen));
  };
  const walk = (type: AnyType, path: string[]): void => {
    if (type instanceof PersonalType) {
      if (path.length === 0) refuse("as a whole event", "an event's data is not one value of one subject");
      if (path.at(-1) === "*")
        refuse(`in the array ${path.join(".")}`, "array elements have no sibling subject field");
      found.push({ path, marking: type.marking as PersonalDataMarking<never> });
      return;
    }
    if (type instanceof t.InterfaceType || type instanceof t.PartialType) {
      for (const [key, prop] of Object.entries(type.props as Record<string, AnyType>)) {
        if (key === "*") refuse(`under a key named "*"`, "that name stands for array elements");
        walk(prop, [...path, key]);
      }
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
    } else if (containsMarking(type, new Set())) {
      // Unions, records, tuples, recursive types: which fields exist depends on the data, so the
      // fields to encrypt could not be known from the type. Refused rather than stored in clear.
      refuse(`inside ${type.name}`, "its fields depend on the data, not on the type");
    }
  };
  walk(codec as AnyType, []);
  return found;
};
