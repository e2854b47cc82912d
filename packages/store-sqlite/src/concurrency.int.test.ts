import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyStore } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { killStragglers, spawnScript, watch } from "../test/children.js";
import { fixtureEvent } from "../test/fixtureEvents.js";
import type { RacerReport } from "../test/racingAppender.js";
import { openSqliteEventStore, type SqliteEventStore } from "./sqliteEventStore.js";

describe("sqlite store: two processes appending to one stream", () => {
  let directory: string;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "privacy-ledger-concurrency-"));
    path = join(directory, "events.db");
    // Created (and migrated) before the racers start, and kept open: it reads what they wrote.
    store = openSqliteEventStore({ path });
  });
  afterEach(async () => {
    killStragglers();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Starts the racers, releases them together once all are ready, and returns their reports. */
  const race = async (
    mode: "exact" | "command",
    attempts: number,
    names: readonly string[] = ["alpha", "beta"],
  ): Promise<RacerReport[]> => {
    const racers = names.map((name) => {
      const child = spawnScript("racingAppender.ts", [path, "contended", mode, String(attempts), name]);
      return { child, output: watch(child) };
    });
    await Promise.all(racers.map(({ output }) => output.line((line) => line === "ready")));
    for (const { child } of racers) child.stdin.write("go\n");
    return Promise.all(
      racers.map(async ({ output }) => {
        const { code } = await output.exited;
        expect(code, output.stderr()).toBe(0);
        const last = output.lines.at(-1) ?? "";
        return JSON.parse(last) as RacerReport;
      }),
    );
  };

  const contendedStream = async () => {
    const events = await collect(store.readStream("contended"));
    expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect((await store.streamHead("contended"))?.version).toBe(events.length);
    expect(isRight(await verifyStore(store))).toBe(true);
    return events;
  };

  it("with exact expected versions: every conflict is a typed WrongExpectedVersion, no update is lost", async () => {
    const reports = await race("exact", 200);
    for (const report of reports) {
      expect(report.unexpected).toEqual([]);
      expect(report.successes + report.conflicts).toBe(200);
    }
    const successes = reports.reduce((sum, r) => sum + r.successes, 0);
    const conflicts = reports.reduce((sum, r) => sum + r.conflicts, 0);
    const events = await contendedStream();
    expect(events).toHaveLength(successes);
    // Each writer's events are its own successes, in the order it made them.
    for (const report of reports) {
      const mine = events.filter((e) => (e.data as { writer: string }).writer === report.name);
      expect(mine).toHaveLength(report.successes);
      const order = mine.map((e) => (e.data as { i: number }).i);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    // The race really happened: otherwise this test would prove nothing about conflicts.
    expect(conflicts).toBeGreaterThan(0);
  });

  it("with the kernel's commandHandler: every command lands once, decided on the state it was appended to", async () => {
    const reports = await race("command", 60);
    for (const report of reports) {
      expect(report.unexpected).toEqual([]);
      expect(report.successes).toBe(60);
    }
    const events = await contendedStream();
    expect(events).toHaveLength(120);
    // A decision on stale state would repeat a value; retried decisions see the other writer's events.
    expect(events.map((e) => (e.data as { value: number }).value)).toEqual(events.map((_, i) => i + 1));
    expect(reports.reduce((sum, r) => sum + r.retries, 0)).toBeGreaterThan(0);
  });

  it("an append with a version another process has moved past is refused with the actual version", async () => {
    const stale = (await store.streamHead("contended"))?.version ?? 0;
    const reports = await race("exact", 1, ["gamma"]);
    expect(reports.map((r) => r.successes)).toEqual([1]);
    const actual = (await store.streamHead("contended"))?.version ?? 0;
    expect(actual).toBeGreaterThan(stale);

    const refused = await store.append("contended", [fixtureEvent("late-1", "Raced", {})], {
      expectedVersion: stale,
    });
    expect(isLeft(refused) && refused.left).toMatchObject({
      kind: "WrongExpectedVersion",
      streamId: "contended",
      expected: stale,
      actual,
    });
    expect(await collect(store.readStream("contended"))).toHaveLength(actual);
  });
});
