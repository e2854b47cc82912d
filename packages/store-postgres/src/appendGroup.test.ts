import { describe, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { type AppendRequest, absentAsExpected } from "./appendGroup.js";

const request = (streamId: string, expectedVersion: AppendRequest["expectedVersion"]): AppendRequest => ({
  streamId,
  events: [fixtureEvent(`${streamId}-${String(expectedVersion)}`, "Noted", {})],
  expectedVersion,
});

describe("absentAsExpected: the head a group's appends name for a stream the store has no hint of", () => {
  it("a first append that expects the stream absent (no_stream or 0) names it absent", () => {
    expect(absentAsExpected([request("a", "no_stream")], "a")).toBeNull();
    expect(absentAsExpected([request("b", "any"), request("a", 0)], "a")).toBeNull();
  });

  it("any other first expectation, or no append to the stream, names nothing", () => {
    for (const expected of ["any", "stream_exists", 3, undefined] as const)
      expect(absentAsExpected([request("a", expected)], "a")).toBeUndefined();
    // The group's first append to the stream decides: a later one expecting it absent follows it.
    expect(absentAsExpected([request("a", "any"), request("a", "no_stream")], "a")).toBeUndefined();
    expect(absentAsExpected([request("b", "no_stream")], "a")).toBeUndefined();
  });
});
