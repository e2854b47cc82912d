import { describe, expect, it } from "vitest";
import type { ScenarioResult } from "./harness.js";
import { RSS_GROWTH_LIMIT_MB, rssFlat, secondHalfGrowthBytes } from "./report.js";

const MB = 2 ** 20;

/** A read of `events` events whose RSS was sampled at 10%, 20%, ... 100% (values in MB). */
const sampled = (decilesMb: readonly number[], events = 1_000_000): ScenarioResult => ({
  spec: {
    side: "library",
    kind: "verify",
    path: "",
    events,
    batchSize: 100,
    streams: 1_000,
    synchronous: "FULL",
    pageSize: 500,
    probe: true,
  },
  events,
  seconds: 1,
  peakRssBytes: Math.max(...decilesMb) * MB,
  rss: { startBytes: 0, decileBytes: decilesMb.map((mb) => mb * MB), heapBeforeBytes: 0, heapAfterBytes: 0 },
});

describe("the bench's memory-flat check (issue 9: memory stays flat as the events grow)", () => {
  it("a read whose RSS levels off by half-way is flat", () => {
    const read = sampled([100, 108, 110, 111, 111, 111, 112, 111, 111, 112]);
    expect(secondHalfGrowthBytes(read) / MB).toBe(1);
    expect(rssFlat(read)).toBe(true);
  });

  it("RSS moving up and down around one level (V8's collections) is flat", () => {
    const append = sampled([123, 118, 121, 119, 116, 120, 123, 117, 122, 123]);
    expect(secondHalfGrowthBytes(append) / MB).toBe(0);
    expect(rssFlat(append)).toBe(true);
  });

  it("a constant leak per event is not flat", () => {
    const leaking = sampled([100, 104, 108, 112, 116, 120, 124, 128, 132, 136]);
    expect(secondHalfGrowthBytes(leaking) / MB).toBe(136 - 116);
    expect(rssFlat(leaking)).toBe(false);
  });

  it("a climb in the second half counts even when memory is freed just before the end (a worker that ended)", () => {
    const read = sampled([110, 120, 130, 140, 143, 150, 160, 170, 175, 103]);
    expect(secondHalfGrowthBytes(read) / MB).toBe(175 - 143);
    expect(rssFlat(read)).toBe(false);
  });

  it(`a rise of ${RSS_GROWTH_LIMIT_MB} MB or more after half-way is not flat; fewer than 50,000 events are not judged`, () => {
    expect(rssFlat(sampled([100, 100, 100, 100, 100, 100, 100, 100, 100, 100 + RSS_GROWTH_LIMIT_MB]))).toBe(
      false,
    );
    expect(rssFlat(sampled([100, 100, 100, 100, 100, 100, 100, 100, 100, 200], 10_000))).toBeUndefined();
  });

  it("too few samples to tell gives NaN, which is never flat", () => {
    const read = sampled([100, 100, 100, 100, 100]);
    expect(secondHalfGrowthBytes(read)).toBeNaN();
    expect(rssFlat(read)).toBe(false);
  });
});
