import * as projections from "@privacy-ledger/projections";
import { type AnyProjection, projectionId } from "@privacy-ledger/projections";
import { describe, expect, it } from "vitest";
import { READ_MODELS } from "./readModels.js";

/**
 * What `defineProjection` returns: a plain object with a name, a version, tables, the event types it
 * handles and a handler (the package marks projections by this shape, not by a class or a brand).
 */
const isProjection = (value: unknown): value is AnyProjection =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { name?: unknown }).name === "string" &&
  typeof (value as { version?: unknown }).version === "number" &&
  typeof (value as { tables?: unknown }).tables === "object" &&
  Array.isArray((value as { handles?: unknown }).handles) &&
  typeof (value as { handle?: unknown }).handle === "function";

const exportedProjections = (): string[] =>
  (Object.values(projections) as unknown[]).filter(isProjection).map(projectionId).sort();

describe("the CLI's list of read models", () => {
  it("holds exactly the read-model projections @privacy-ledger/projections exports: a new one fails here until replay and report build it", () => {
    const listed = READ_MODELS.map(projectionId).sort();
    const exported = exportedProjections();
    expect(
      exported.filter((id) => !listed.includes(id)),
      "exported, not in READ_MODELS",
    ).toEqual([]);
    expect(
      listed.filter((id) => !exported.includes(id)),
      "in READ_MODELS, not exported",
    ).toEqual([]);
  });

  it("finds projections among the exports by their shape, and nothing else (so the check above cannot pass on an empty list)", () => {
    expect(exportedProjections()).toEqual(expect.arrayContaining(["deadline_board@1", "erasure_ledger@1"]));
    expect(isProjection(projections.defineProjection)).toBe(false);
    expect(isProjection(projections.InMemoryReadModelStore)).toBe(false);
    expect(new Set(READ_MODELS.map((p) => p.name)).size).toBe(READ_MODELS.length);
  });
});
