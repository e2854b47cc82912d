import { describe, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { type AppendRequest, streamsExpectedAbsent } from "./appendGroup.js";

const request = (streamId: string, expectedVersion: AppendRequest["expectedVersion"]): AppendRequest => ({
  streamId,
  events: [fixtureEvent(`${streamId}-${String(expectedVersion)}`, "Noted", {})],
  expectedVersion,
});

const absent = (requests: readonly AppendRequest[], streamId: string) =>
  streamsExpectedAbsent(requests).has(streamId);

describe("streamsExpectedAbsent: the head a group's appends name for a stream the store has no hint of", () => {
  it("a first append that expects the stream absent (no_stream or 0) names it absent", () => {
    expect(absent([request("a", "no_stream")], "a")).toBe(true);
    expect(absent([request("b", "any"), request("a", 0)], "a")).toBe(true);
  });

  it("any other first expectation, or no append to the stream, names nothing", () => {
    for (const expected of ["any", "stream_exists", 3, undefined] as const)
      expect(absent([request("a", expected)], "a")).toBe(false);
    // The group's first append to the stream decides: a later one expecting it absent follows it.
    expect(absent([request("a", "any"), request("a", "no_stream")], "a")).toBe(false);
    expect(absent([request("b", "no_stream")], "a")).toBe(false);
  });
});
