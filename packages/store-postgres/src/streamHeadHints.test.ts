import { describe, expect, it } from "vitest";
import { StreamHeadHints } from "./streamHeadHints.js";

describe("StreamHeadHints", () => {
  it("keeps the last head seen per stream, null for a stream seen empty, nothing for one never seen", () => {
    const hints = new StreamHeadHints();
    hints.set("a", null);
    hints.set("b", { version: 2, hash: "h2" });
    hints.set("b", { version: 3, hash: "h3" });
    expect(hints.get("a")).toBeNull();
    expect(hints.get("b")).toEqual({ version: 3, hash: "h3" });
    expect(hints.get("c")).toBeUndefined();
    hints.forget("b");
    expect(hints.get("b")).toBeUndefined();
  });

  it("is bounded: past its size the hint set longest ago goes first (a refreshed one counts as new)", () => {
    const hints = new StreamHeadHints(3);
    for (const id of ["a", "b", "c"]) hints.set(id, { version: 1, hash: id });
    hints.set("a", { version: 2, hash: "a2" });
    hints.set("d", { version: 1, hash: "d" });
    expect(hints.size).toBe(3);
    expect(hints.get("b")).toBeUndefined();
    expect(hints.get("a")).toEqual({ version: 2, hash: "a2" });
    expect(hints.get("c")).toEqual({ version: 1, hash: "c" });
  });
});
