import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { DomainEvent } from "../decider/decider.js";
import type { StoredEvent } from "../envelope/envelope.js";
import type { JsonValue } from "../envelope/json.js";
import { type PersonalFieldSpec, personalFieldsOf } from "../protection/personal.js";
import { type EventDecodeError, failingPaths } from "./decodeError.js";

/** Turns the stored data of schema version `from` into the encoded data of version `from + 1`. */
export interface Upcaster {
  readonly from: number;
  readonly codec: t.Decoder<unknown, unknown>;
  readonly upcast: (old: never) => unknown;
}

/** One event type: its current codec and schema version, how to read older versions, its clauses. */
export interface EventDefinition<Type extends string, A, O extends JsonValue> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly codec: t.Type<A, O, unknown>;
  readonly upcasters: readonly Upcaster[];
  /** The policy clauses an event of this type records the application of. */
  readonly clauses: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: a catalog holds definitions of any data type
export type AnyEventDefinition = EventDefinition<string, any, any>;

export type EventOf<D extends AnyEventDefinition> =
  D extends EventDefinition<infer Type, infer A, JsonValue> ? DomainEvent<Type, A> : never;

export const defineEvent = <Type extends string, A, O extends JsonValue>(definition: {
  readonly type: Type;
  readonly schemaVersion?: number;
  readonly codec: t.Type<A, O, unknown>;
  readonly upcasters?: readonly Upcaster[];
  readonly clauses?: readonly string[];
}): EventDefinition<Type, A, O> => {
  const schemaVersion = definition.schemaVersion ?? 1;
  const upcasters = definition.upcasters ?? [];
  for (let from = 1; from < schemaVersion; from++)
    if (!upcasters.some((u) => u.from === from))
      throw new Error(`event ${definition.type} v${schemaVersion} has no upcaster from v${from}`);
  // Fails here, at definition, when a personal-data marking cannot be located (e.g. inside a union).
  personalFieldsOf(definition.codec);
  return {
    type: definition.type,
    schemaVersion,
    codec: definition.codec,
    upcasters,
    clauses: definition.clauses ?? [],
  };
};

/** An upcaster with its input typed by the old version's codec. */
export const upcaster = <Old>(
  from: number,
  codec: t.Decoder<unknown, Old>,
  upcast: (old: Old) => unknown,
): Upcaster => ({
  from,
  codec,
  upcast: upcast as (old: never) => unknown,
});

export interface EncodedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonValue;
  readonly clauses: readonly string[];
}

export interface EventCatalog<E extends DomainEvent> {
  readonly types: readonly string[];
  /**
   * The fields marked `personal(...)` in the codec of `type` at `schemaVersion` (older versions through
   * their upcasters' codecs): what the protection layer seals and opens.
   */
  readonly personalFields: (type: string, schemaVersion: number) => readonly PersonalFieldSpec[];
  readonly encode: (event: E) => EncodedEvent;
  /** Validates stored data against its codec, upcasting older schema versions first. */
  readonly decode: (stored: StoredEvent) => Either<EventDecodeError, E>;
}

/** The io-ts boundary between stored JSON and typed domain events. */
export const eventCatalog = <const Defs extends readonly AnyEventDefinition[]>(
  definitions: Defs,
): EventCatalog<EventOf<Defs[number]>> => {
  type E = EventOf<Defs[number]>;
  const byType = new Map<string, AnyEventDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`event type ${definition.type} is defined twice`);
    byType.set(definition.type, definition);
  }

  const encode = (event: E): EncodedEvent => {
    const definition = byType.get(event.type);
    if (!definition) throw new Error(`event type ${event.type} is not in this catalog`);
    return {
      type: event.type,
      schemaVersion: definition.schemaVersion,
      data: definition.codec.encode(event.data),
      clauses: definition.clauses,
    };
  };

  const decode = (stored: StoredEvent): Either<EventDecodeError, E> => {
    const fail = (paths: readonly string[], why: string): Either<EventDecodeError, E> =>
      left({
        kind: "EventDecodeError",
        streamId: stored.streamId,
        streamVersion: stored.streamVersion,
        type: stored.type,
        schemaVersion: stored.schemaVersion,
        paths,
        message: `cannot decode ${stored.type} v${stored.schemaVersion} at ${stored.streamId}@${stored.streamVersion}: ${why}`,
      });

    const definition = byType.get(stored.type);
    if (!definition) return fail([], "unknown event type");
    if (stored.schemaVersion > definition.schemaVersion)
      return fail([], `schema version is newer than this code knows (v${definition.schemaVersion})`);

    let data: unknown = stored.data;
    for (let version = stored.schemaVersion; version < definition.schemaVersion; version++) {
      const step = definition.upcasters.find((u) => u.from === version);
      if (!step) return fail([], `no upcaster from v${version}`);
      const old = step.codec.decode(data);
      if (isLeft(old)) {
        const paths = failingPaths(old.left);
        return fail(paths, `v${version} data fails its codec at ${paths.join(", ")}`);
      }
      data = step.upcast(old.right as never);
    }
    const decoded = definition.codec.decode(data);
    if (isLeft(decoded)) {
      const paths = failingPaths(decoded.left);
      return fail(paths, `data fails its codec at ${paths.join(", ")}`);
    }
    return right({ type: stored.type, data: decoded.right } as E);
  };

  const personalCache = new Map<string, readonly PersonalFieldSpec[]>();
  const personalFields = (type: string, schemaVersion: number): readonly PersonalFieldSpec[] => {
    const cacheKey = `${schemaVersion}:${type}`;
    const cached = personalCache.get(cacheKey);
    if (cached) return cached;
    const definition = byType.get(type);
    const codec =
      definition === undefined
        ? undefined
        : schemaVersion === definition.schemaVersion
          ? definition.codec
          : definition.upcasters.find((u) => u.from === schemaVersion)?.codec;
    const fields = codec instanceof t.Type ? personalFieldsOf(codec) : [];
    personalCache.set(cacheKey, fields);
    return fields;
  };

  return { types: [...byType.keys()], encode, decode, personalFields };
};
