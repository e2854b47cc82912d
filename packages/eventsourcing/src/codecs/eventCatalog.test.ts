import { isLeft, isRight } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../envelope/envelope.js";
import { GENESIS_HASH } from "../integrity/hashChain.js";
import { defineEvent, eventCatalog, upcaster } from "./eventCatalog.js";

const SeverityClassified = defineEvent({
  type: "SeverityClassified",
  schemaVersion: 2,
  codec: t.type({ incidentId: t.string, severity: t.keyof({ low: null, serious: null }) }),
  upcasters: [
    // v1 stored a boolean; v2 names the level.
    upcaster(1, t.type({ incidentId: t.string, serious: t.boolean }), (old) => ({
      incidentId: old.incidentId,
      severity: old.serious ? "serious" : "low",
    })),
  ],
  clauses: ["P8.6"],
});
const catalog = eventCatalog([SeverityClassified]);

const stored = (fields: Partial<StoredEvent>): StoredEvent => ({
  id: "e-1",
  streamId: "breach-1",
  streamVersion: 4,
  globalPosition: 9,
  type: "SeverityClassified",
  schemaVersion: 2,
  data: { incidentId: "b-1", severity: "serious" },
  metadata: {
    actor: { id: "a", roles: ["CTO"] },
    correlationId: "c",
    causationId: "c",
    occurredAt: "2026-01-01T00:00:00.000Z",
    recordedAt: "2026-01-01T00:00:00.000Z",
    clauses: ["P8.6"],
  },
  prevHash: GENESIS_HASH,
  hash: GENESIS_HASH,
  ...fields,
});

describe("event catalog", () => {
  it("encodes with the current schema version and the type's clauses", () => {
    expect(
      catalog.encode({ type: "SeverityClassified", data: { incidentId: "b-1", severity: "low" } }),
    ).toEqual({
      type: "SeverityClassified",
      schemaVersion: 2,
      data: { incidentId: "b-1", severity: "low" },
      clauses: ["P8.6"],
    });
  });

  it("decodes the current version and upcasts an older one", () => {
    expect(catalog.decode(stored({}))).toEqual({
      _tag: "Right",
      right: { type: "SeverityClassified", data: { incidentId: "b-1", severity: "serious" } },
    });
    const v1 = catalog.decode(stored({ schemaVersion: 1, data: { incidentId: "b-1", serious: false } }));
    expect(isRight(v1) && v1.right.data.severity).toBe("low");
  });

  it("a codec failure names stream, version, type and the failing path, but not the value", () => {
    const result = catalog.decode(stored({ data: { incidentId: "b-1", severity: "jan@example.com" } }));
    expect(isLeft(result) && result.left).toMatchObject({
      kind: "EventDecodeError",
      streamId: "breach-1",
      streamVersion: 4,
      type: "SeverityClassified",
    });
    if (isLeft(result)) {
      expect(result.left.paths.join()).toContain("data.severity");
      expect(result.left.message).toContain("breach-1@4");
      expect(result.left.message).not.toContain("jan@example.com");
    }
  });

  it("an old version that fails its old codec is reported at that version", () => {
    const result = catalog.decode(stored({ schemaVersion: 1, data: { incidentId: 7 } }));
    expect(isLeft(result) && result.left.message).toMatch(/v1 data fails its codec at data\.incidentId/);
  });

  it("an unknown type or a schema version newer than the code is an error, not a guess", () => {
    const unknown = catalog.decode(stored({ type: "SomethingElse" }));
    expect(isLeft(unknown) && unknown.left.message).toContain("unknown event type");
    const newer = catalog.decode(stored({ schemaVersion: 3 }));
    expect(isLeft(newer) && newer.left.message).toContain("newer than this code knows");
  });

  it("refuses a definition that cannot read its older versions, and a type defined twice", () => {
    expect(() => defineEvent({ type: "X", schemaVersion: 2, codec: t.type({}) })).toThrow(
      /no upcaster from v1/,
    );
    expect(() => eventCatalog([SeverityClassified, SeverityClassified])).toThrow(/defined twice/);
  });
});
