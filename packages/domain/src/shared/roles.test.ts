import { describe, expect, it } from "vitest";
import { isClauseId, POLICY_CLAUSES } from "./clauses.js";
import { hasAnyRole, hasRole, isRole } from "./roles.js";

describe("D6: roles are held by actors, one person may hold several", () => {
  const ceoAndDirector = { id: "actor-1", roles: ["CEO", "generalDirector"] };

  it("P8.3, D6: the CEO may also be the general director", () => {
    expect(hasRole(ceoAndDirector, "CEO")).toBe(true);
    expect(hasRole(ceoAndDirector, "generalDirector")).toBe(true);
    expect(hasRole(ceoAndDirector, "CTO")).toBe(false);
    expect(hasAnyRole(ceoAndDirector, ["CTO", "dpo"])).toBe(false);
  });

  it("D6: a role outside the closed set is no role", () => {
    expect(isRole("CTO")).toBe(true);
    expect(isRole("cto")).toBe(false);
    expect(isRole("admin")).toBe(false);
  });
});

describe("clause ids of the policy", () => {
  it("P1.A.1 … P8.8: 50 clauses; sections such as P2 are citable, unknown ids are not", () => {
    expect(POLICY_CLAUSES).toHaveLength(50);
    expect(POLICY_CLAUSES[0]).toBe("P1.A.1");
    expect(POLICY_CLAUSES.at(-1)).toBe("P8.8");
    expect(isClauseId("P2")).toBe(true);
    expect(isClauseId("P7.e")).toBe(true);
    expect(isClauseId("P8.9")).toBe(false);
    expect(isClauseId("P5.2")).toBe(false);
  });
});
