import { describe, expect, it } from "vitest";
import * as breachEvents from "./events.js";
import { breachCatalog } from "./events.js";

interface Defined {
  readonly type: string;
  readonly clauses: readonly string[];
}
const definitions: Defined[] = (Object.values(breachEvents) as unknown[]).filter(
  (value): value is Defined =>
    typeof value === "object" && value !== null && "clauses" in value && "type" in value,
);

describe("BreachIncident events", () => {
  it("P8.8, INV-56: the breach register holds no personal field: it is kept, never erased, so it names no one", () => {
    for (const type of breachCatalog.types) expect(breachCatalog.personalFields(type, 1), type).toEqual([]);
  });

  it("P8.8: every event type of the catalog is defined here and cites a clause of P8", () => {
    expect(definitions.map((definition) => definition.type).sort()).toEqual([...breachCatalog.types].sort());
    for (const definition of definitions)
      expect(
        definition.clauses.some((clause) => clause.startsWith("P8.")),
        definition.type,
      ).toBe(true);
  });
});
