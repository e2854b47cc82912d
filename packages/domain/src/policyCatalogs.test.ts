import { describe, expect, it } from "vitest";
import { policyCatalogs, policyPersonalFields } from "./policyCatalogs.js";

describe("the policy's event catalogs together", () => {
  it("P8.8: no two aggregates share an event type name (a replay must know whose event it reads)", () => {
    const types = policyCatalogs.flatMap((catalog) => catalog.types);
    expect(new Set(types).size).toBe(types.length);
  });

  it("P1.B.1, P1.E.2: the personal fields of any policy event are found; others have none", () => {
    expect(policyPersonalFields("UserAdded", 1).map((field) => field.path.join("."))).toContain("email");
    expect(policyPersonalFields("BusinessContactRegistered", 1).length).toBeGreaterThan(0);
    expect(policyPersonalFields("PersonalDataErased", 1)).toEqual([]);
  });
});
