import { describe, expect, it } from "vitest";
import { storeSchema } from "./storeSchema.js";

describe("store schema names", () => {
  it("quotes the name and derives stable, distinct lock keys and a short channel from it", () => {
    const ledger = storeSchema("Ledger_1");
    expect(ledger.quoted).toBe('"Ledger_1"');
    expect(storeSchema("Ledger_1")).toEqual(ledger);
    // Pinned: every process, every release and every server version must derive exactly these, or
    // two writers of one schema would take different locks. Changing them is a breaking change.
    expect(storeSchema("privacy_ledger")).toEqual({
      name: "privacy_ledger",
      quoted: '"privacy_ledger"',
      appendLockKey: "5000895134504669846",
      migrationLockKey: "6441869737142002929",
      channel: "privacy_ledger_50556190dd233158b9c01055",
    });
    expect(ledger.appendLockKey).toMatch(/^-?\d{1,19}$/);
    expect(BigInt(ledger.appendLockKey)).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(BigInt(ledger.appendLockKey)).toBeLessThan(2n ** 63n);
    expect(ledger.appendLockKey).not.toBe(ledger.migrationLockKey);
    expect(ledger.channel).toMatch(/^privacy_ledger_[0-9a-f]{24}$/);

    const other = storeSchema("ledger_1");
    expect(other.appendLockKey).not.toBe(ledger.appendLockKey);
    expect(other.channel).not.toBe(ledger.channel);
    expect(storeSchema("s".repeat(63)).channel.length).toBeLessThanOrEqual(63);
  });

  it.each([
    "",
    "1abc",
    "has space",
    'quo"te',
    "semi;colon",
    "dash-ed",
    "pg_catalog",
    "PG_x",
    "é",
    "s".repeat(64),
  ])("refuses %j", (name) => {
    expect(() => storeSchema(name)).toThrow(RangeError);
  });
});
