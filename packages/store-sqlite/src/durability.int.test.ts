import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StoredEvent, verifyStore } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { killStragglers, spawnScript, watch } from "../test/children.js";
import { LOOP_BATCH_SIZE } from "../test/fixtureEvents.js";
import { openSqliteEventStore } from "./sqliteEventStore.js";

describe("sqlite store: a writer killed mid-run (SIGKILL)", () => {
  let directory: string;
  let path: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "privacy-ledger-durability-"));
    path = join(directory, "events.db");
  });
  afterEach(async () => {
    killStragglers();
    await rm(directory, { recursive: true, force: true });
  });

  /** Runs appendLoop.ts until it has acknowledged `acks` batches, then kills it without warning. */
  const runAndKill = async (round: number, acks: number): Promise<string[]> => {
    const child = spawnScript("appendLoop.ts", [path, String(round), "100000"]);
    const output = watch(child);
    await output.line((line) => line === `ack r${round}-b${acks}`);
    // A random moment after the ack, so that over the rounds the kill lands at different points of
    // an append: before, inside and after its transaction.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
    child.kill("SIGKILL");
    const { signal } = await output.exited;
    expect(signal, `the child finished on its own; stderr:\n${output.stderr()}`).toBe("SIGKILL");
    return output.lines.filter((line) => line.startsWith("ack ")).map((line) => line.slice(4));
  };

  it("keeps every acknowledged batch whole, never part of a batch, with contiguous versions and a valid chain", async () => {
    const acknowledged: string[] = [];
    // Four kill-and-reopen rounds on one file: each round starts from the previous crash's WAL.
    for (const [round, acks] of [
      [1, 40],
      [2, 25],
      [3, 60],
      [4, 10],
    ] as const) {
      acknowledged.push(...(await runAndKill(round, acks)));
    }

    const store = openSqliteEventStore({ path });
    try {
      const all = await collect(store.readAll());
      const batches = new Map<string, StoredEvent[]>();
      for (const event of all) {
        const { batchId } = event.data as { batchId: string };
        batches.set(batchId, [...(batches.get(batchId) ?? []), event]);
      }

      for (const batchId of acknowledged)
        expect(batches.has(batchId), `acknowledged ${batchId} is missing`).toBe(true);
      expect(batches.size).toBeGreaterThanOrEqual(acknowledged.length);
      // All or nothing: a stored batch has all its events, in order, at consecutive versions of one stream.
      for (const [batchId, events] of batches) {
        expect(
          events.map((e) => (e.data as { k: number }).k),
          batchId,
        ).toEqual(Array.from({ length: LOOP_BATCH_SIZE }, (_, k) => k));
        const first = events[0] as StoredEvent;
        expect(
          events.map((e) => [e.streamId, e.streamVersion]),
          batchId,
        ).toEqual(events.map((_, k) => [first.streamId, first.streamVersion + k]));
      }

      // Every stream runs 1..n without gaps, and its head row agrees with its last event.
      const heads = await collect(store.streamHeads());
      expect(heads.map((h) => h.streamId)).toEqual(["loop-0", "loop-1", "loop-2"]);
      for (const head of heads) {
        const versions = all.filter((e) => e.streamId === head.streamId).map((e) => e.streamVersion);
        expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
        expect(head.version).toBe(versions.length);
        expect(head.hash).toBe(all.findLast((e) => e.streamId === head.streamId)?.hash);
      }

      const verified = await verifyStore(store);
      expect(isRight(verified) && verified.right).toMatchObject({ events: all.length, streams: 3 });
    } finally {
      await store.close();
    }
  });
});
