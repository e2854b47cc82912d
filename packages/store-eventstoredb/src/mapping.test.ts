import { describe, expect, it } from "vitest";
import { GlobalPositionOutOfRangeError } from "./errors.js";
import {
  comparePositions,
  esdbEventId,
  logPositionOf,
  NO_POSITION,
  revisionOfVersion,
  toEsdbPosition,
  toGlobalPosition,
  uuidV5,
  versionOfRevision,
} from "./mapping.js";

describe("eventstoredb mapping", () => {
  it("maps 1-based kernel versions to 0-based revisions and back, refusing what does not fit", () => {
    expect(revisionOfVersion(1)).toBe(0n);
    expect(revisionOfVersion(250)).toBe(249n);
    expect(versionOfRevision(0n)).toBe(1);
    expect(versionOfRevision(BigInt(Number.MAX_SAFE_INTEGER) - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(versionOfRevision(BigInt(Number.MAX_SAFE_INTEGER))).toBeUndefined();
    expect(versionOfRevision(-1n)).toBeUndefined();
    expect(() => revisionOfVersion(0)).toThrow(RangeError);
    expect(() => revisionOfVersion(1.5)).toThrow(RangeError);
  });

  it("takes an event's log position from commit = prepare, or from prepare when no commit is reported", () => {
    expect(logPositionOf({ commit: 4096n, prepare: 4096n })).toEqual({ kind: "known", position: 4096n });
    expect(logPositionOf({ commit: NO_POSITION, prepare: 4096n })).toEqual({
      kind: "known",
      position: 4096n,
    });
    expect(logPositionOf({ commit: 0n, prepare: 4096n })).toEqual({ kind: "known", position: 4096n });
    expect(logPositionOf({ commit: 5000n, prepare: 4096n })).toEqual({
      kind: "split",
      commit: 5000n,
      prepare: 4096n,
    });
    expect(logPositionOf({ commit: NO_POSITION, prepare: NO_POSITION })).toEqual({ kind: "missing" });
    expect(logPositionOf(undefined)).toEqual({ kind: "missing" });
  });

  it("hands out log positions as numbers up to 2^53 - 1 and refuses loudly beyond", () => {
    expect(toGlobalPosition(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toGlobalPosition(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(
      GlobalPositionOutOfRangeError,
    );
    expect(toEsdbPosition(4096)).toEqual({ commit: 4096n, prepare: 4096n });
    expect(() => toEsdbPosition(-1)).toThrow(RangeError);
  });

  it("orders positions by commit, then prepare", () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 1n })).toBeLessThan(0);
    expect(comparePositions({ commit: 2n, prepare: 2n }, { commit: 2n, prepare: 1n })).toBeGreaterThan(0);
    expect(comparePositions({ commit: 2n, prepare: 2n }, { commit: 2n, prepare: 2n })).toBe(0);
  });

  it("passes lowercase UUID ids through and derives a stable version-5 UUID from any other id", () => {
    const uuid = "0b7c1f9e-2a44-4c1d-9f0e-8d6a5b4c3d2e";
    expect(esdbEventId(uuid)).toBe(uuid);
    const derived = esdbEventId("order-17-created");
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(esdbEventId("order-17-created")).toBe(derived);
    expect(esdbEventId("order-17-Created")).not.toBe(derived);
    // EventStoreDB lowercases UUIDs, so an uppercase one would not read back as itself: it is derived.
    expect(esdbEventId(uuid.toUpperCase())).not.toBe(uuid);
    expect(esdbEventId("00000000-0000-0000-0000-000000000000")).not.toBe(
      "00000000-0000-0000-0000-000000000000",
    );
  });

  it("computes RFC 4122 version-5 UUIDs (Python's uuid5(NAMESPACE_DNS, 'python.org'))", () => {
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org")).toBe(
      "886313e1-3b8a-5372-9b90-0c9aee199e5d",
    );
  });
});
