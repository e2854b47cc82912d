import { AssertionError } from "node:assert";
import { describe, expect, it } from "vitest";
import { CEILING, counterDecider } from "../../test/counter.js";
import { deciderSpecification } from "./deciderSpecification.js";

const spec = deciderSpecification(counterDecider);
const inc = (by: number) => ({ type: "Incremented" as const, data: { by } });

describe("decider specification", () => {
  it("passes when the command yields exactly the expected events", () => {
    spec
      .given([inc(2)])
      .when({ kind: "Increment", by: 3 })
      .thenEvents([inc(3)]);
  });

  it("fails, saying why, when the events differ or the command is rejected", () => {
    expect(() =>
      spec
        .given([])
        .when({ kind: "Increment", by: 3 })
        .thenEvents([inc(4)]),
    ).toThrow(AssertionError);
    expect(() =>
      spec
        .given([inc(CEILING)])
        .when({ kind: "Increment", by: 1 })
        .thenEvents([inc(1)]),
    ).toThrow(/INV-TEST \(P0.TEST\) rejected it/);
  });

  it("checks the rule, clause and message of a rejection", () => {
    const refused = spec.given([inc(CEILING)]).when({ kind: "Increment", by: 1 });
    expect(refused.thenRejects({ rule: "INV-TEST", clause: "P0.TEST" }).message).toContain("may not pass");
    expect(() => refused.thenRejects({ rule: "INV-OTHER" })).toThrow(AssertionError);
    expect(() => spec.given([]).when({ kind: "Increment", by: 1 }).thenRejects({})).toThrow(/was accepted/);
  });
});
