import { describe, expect, it } from "vitest";
import { retentionEndAfterDate, retentionEndAfterInstant, startOfFollowingYear } from "./retentionPeriod.js";

describe("retention periods the company sets itself (decision D4, P4.2), counted like P4.1", () => {
  it("D4: 12 months after a training on 2026-03-10 → end of 2027-03-10 in Amsterdam", () => {
    const end = retentionEndAfterDate("2026-03-10", { amount: 12, unit: "months" }, "D4");
    expect(end).toMatchObject({ date: "2027-03-10", startDate: "2026-03-10", basis: "D4" });
    expect(end.until.toISOString()).toBe("2027-03-10T22:59:59.999Z");
  });

  it("Reg. 1182/71 art. 3(2)(c) as convention: 31 August + 6 months → 28 February (no 31 February)", () => {
    expect(retentionEndAfterDate("2026-08-31", { amount: 6, unit: "months" }, "").date).toBe("2027-02-28");
  });

  it("D4: 5 years after an instant late on 31 December UTC counts from the Dutch day (1 January)", () => {
    const end = retentionEndAfterInstant(new Date("2026-12-31T23:30:00Z"), { amount: 5, unit: "years" }, "");
    expect(end.startDate).toBe("2027-01-01");
    expect(end.date).toBe("2032-01-01");
  });

  it("29 February + 1 year → 28 February", () => {
    expect(retentionEndAfterDate("2028-02-29", { amount: 1, unit: "years" }, "").date).toBe("2029-02-28");
  });

  it("a negative or fractional period is a programming error", () => {
    expect(() => retentionEndAfterDate("2026-01-01", { amount: -1, unit: "months" }, "")).toThrow(RangeError);
    expect(() => retentionEndAfterDate("2026-01-01", { amount: 1.5, unit: "months" }, "")).toThrow(
      RangeError,
    );
  });

  it("AWR art. 52(1): the year's records leave the current administration at 00:00 Amsterdam on 1 January next", () => {
    expect(startOfFollowingYear(new Date("2026-06-15T12:00:00Z")).toISOString()).toBe(
      "2026-12-31T23:00:00.000Z",
    );
    // 31 December 23:30 UTC is already 1 January in Amsterdam: that year is 2027.
    expect(startOfFollowingYear(new Date("2026-12-31T23:30:00Z")).toISOString()).toBe(
      "2027-12-31T23:00:00.000Z",
    );
  });
});
