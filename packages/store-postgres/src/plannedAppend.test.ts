import { describe, expect, it } from "vitest";
import { plannedAppendFailure } from "./plannedAppend.js";

const serverError = (code: string, severity = "ERROR") => Object.assign(new Error(code), { code, severity });

describe("plannedAppendFailure: what a failed one-statement append leaves behind", () => {
  it("an ordinary error the server answered with was rolled back: the ordinary transaction decides", () => {
    expect(plannedAppendFailure(serverError("P0001"))).toBe("retry-ordinary"); // a trigger's RAISE
    expect(plannedAppendFailure(serverError("23505"))).toBe("retry-ordinary");
    expect(plannedAppendFailure(serverError("55P03"))).toBe("retry-ordinary"); // lock_timeout
  });

  it("no right to run it, or no such function, schema or table: the store stops using it", () => {
    for (const code of ["42501", "42883", "42P01", "3F000"])
      expect(plannedAppendFailure(serverError(code))).toBe("unusable");
  });

  it("a lost connection, a termination, a pooler's or an internal error: the outcome is unknown", () => {
    for (const code of ["08P01", "08006", "57P01", "57014", "53100", "58030", "XX000"])
      expect(plannedAppendFailure(serverError(code, "FATAL"))).toBe("unknown");
    expect(plannedAppendFailure(new Error("Query read timeout"))).toBe("unknown");
    expect(plannedAppendFailure(Object.assign(new Error("reset"), { code: "EPIPE" }))).toBe("unknown");
    expect(plannedAppendFailure(undefined)).toBe("unknown");
  });
});
