import { createHash } from "node:crypto";
import type { Position } from "@eventstore/db-client";
import { GlobalPositionOutOfRangeError } from "./errors.js";

/**
 * Kernel stream versions are 1-based numbers (the first event is version 1); EventStoreDB stream
 * revisions are 0-based unsigned 64-bit integers. version = revision + 1, converted only here.
 */
export const revisionOfVersion = (version: number): bigint => {
  if (!Number.isSafeInteger(version) || version < 1)
    throw new RangeError("a stream version is a positive safe integer");
  return BigInt(version - 1);
};

/** The kernel version of a revision, or undefined when it does not fit a safe integer. */
export const versionOfRevision = (revision: bigint): number | undefined =>
  revision >= 0n && revision < BigInt(Number.MAX_SAFE_INTEGER) ? Number(revision) + 1 : undefined;

/** What EventStoreDB sends for "no position" (2^64 - 1, the C# `ulong.MaxValue`). */
export const NO_POSITION = 2n ** 64n - 1n;

export type LogPosition =
  | { readonly kind: "known"; readonly position: bigint }
  | { readonly kind: "missing" }
  | { readonly kind: "split"; readonly commit: bigint; readonly prepare: bigint };

const known = (value: bigint): boolean => value > 0n && value < NO_POSITION;

/**
 * The log position of one event. EventStoreDB reports it as a (commit, prepare) pair. An event
 * written by a gRPC append (an implicit transaction, which is how this library writes) has
 * commit = prepare = the byte offset of its record in the log, unique per event. Stream reads on some
 * server versions report no commit position (2^64 - 1); the prepare position is the same number. A
 * pair with two different known values comes from a legacy explicit transaction: it cannot be one
 * global position, so it is reported as `split` and the caller decides.
 */
export const logPositionOf = (position: Position | undefined): LogPosition => {
  if (position === undefined) return { kind: "missing" };
  const { commit, prepare } = position;
  if (known(commit) && known(prepare))
    return commit === prepare ? { kind: "known", position: commit } : { kind: "split", commit, prepare };
  if (known(prepare)) return { kind: "known", position: prepare };
  if (known(commit)) return { kind: "known", position: commit };
  return { kind: "missing" };
};

/** A log position as the kernel's global position; beyond 2^53 - 1 it refuses loudly. */
export const toGlobalPosition = (position: bigint): number => {
  if (position > BigInt(Number.MAX_SAFE_INTEGER)) throw new GlobalPositionOutOfRangeError(position);
  return Number(position);
};

/** The EventStoreDB position of a kernel global position handed out by this store. */
export const toEsdbPosition = (globalPosition: number): Position => {
  if (!Number.isSafeInteger(globalPosition) || globalPosition < 0)
    throw new RangeError("a global position is a non-negative safe integer");
  return { commit: BigInt(globalPosition), prepare: BigInt(globalPosition) };
};

/** Orders two raw positions the way EventStoreDB orders $all: by commit, then by prepare. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** The namespace of the name-based (RFC 4122 version 5) UUIDs derived from kernel event ids. */
export const EVENT_ID_NAMESPACE = "6f1d2c43-8b0e-4c55-9a7e-3d5b2a9e41c7";

/**
 * EventStoreDB event ids are UUIDs, kernel event ids are any string of 1-100 characters. A kernel id
 * that already is a lowercase canonical UUID is used as it is (EventStoreDB returns UUIDs lowercase,
 * so it reads back unchanged); any other id is mapped to a name-based UUID (version 5, SHA-1) in a
 * fixed namespace, and the original id travels in the event's metadata. The mapping is a pure
 * function of the id, so a retried append sends the same EventStoreDB ids.
 */
export const esdbEventId = (id: string): string =>
  CANONICAL_UUID.test(id) && id !== NIL_UUID ? id : uuidV5(EVENT_ID_NAMESPACE, id);

export const uuidV5 = (namespace: string, name: string): string => {
  const bytes = createHash("sha1")
    .update(Buffer.from(namespace.replaceAll("-", ""), "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
