import { describe, expect, it } from "vitest";
import { restrictionsInForce } from "./restrictionsInForce.js";
import { type DataSubjectState, initialDataSubjectState } from "./state.js";

const subject = (subjectId: string, restrictions: DataSubjectState["restrictions"]): DataSubjectState => ({
  ...initialDataSubjectState,
  subjectId,
  restrictions,
});

describe("restrictionsInForce (P7.d, INV-42): the value other aggregates' deciders take", () => {
  it("P7.d, INV-42: maps each restricted subject to its restrictions and leaves out subjects with none", () => {
    const restriction = {
      requestId: "req-1",
      ground: "Art. 18(1)(a)",
      retentionClasses: ["contract" as const],
      exceptPurpose: null,
      liftNoticeSent: false,
    };
    const inForce = restrictionsInForce([subject("subj-a", [restriction]), subject("subj-b", [])]);
    expect([...inForce.keys()]).toEqual(["subj-a"]);
    expect(inForce.get("subj-a")).toEqual([restriction]);
  });
});
