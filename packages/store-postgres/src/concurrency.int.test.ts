import { type StoredEvent, verifyStore } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { afterEach, expect, it } from "vitest";
import { killStragglers, spawnScript, watch } from "../test/children.js";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { describePg, usePostgres, waitUntil } from "../test/pg.js";
import type { WriterReport } from "../test/racingAppender.js";
import type { PostgresEventStore } from "./postgresEventStore.js";

/** 4 processes x 3 writers, each writer with a store (a pool, a connection) of its own: 12 concurrent writers. */
const PROCESSES = 4;
const WRITERS_PER_PROCESS = 3;
/** Child processes start slowly on a loaded 2-vCPU box (tsx compiles each on the fly): generous limits. */
const RACE_TIMEOUT_MS = 120_000;

describePg("postgres store: concurrent writers in many processes and connections", () => {
  const pg = usePostgres("pl_concurrency");
  afterEach(() => killStragglers());

  /** Starts the processes, releases them together once all are ready, and returns every writer's report. */
  const race = async (
    streams: readonly string[],
    mode: "exact" | "command",
    attempts: number,
  ): Promise<WriterReport[]> => {
    const processes = Array.from({ length: PROCESSES }, (_, p) => {
      const child = spawnScript("racingAppender.ts", [
        pg.url,
        pg.schema,
        streams.join(","),
        mode,
        String(attempts),
        `p${p}`,
        String(WRITERS_PER_PROCESS),
      ]);
      return { child, output: watch(child) };
    });
    await Promise.all(processes.map(({ output }) => output.line((line) => line === "ready")));
    for (const { child } of processes) child.stdin.write("go\n");
    const reports = await Promise.all(
      processes.map(async ({ output }) => {
        const { code } = await output.exited;
        expect(code, output.stderr()).toBe(0);
        return JSON.parse(output.lines.at(-1) ?? "") as WriterReport[];
      }),
    );
    return reports.flat();
  };

  /** Every stream's versions are 1..n with no gap or duplicate, its head matches, and the chain verifies. */
  const expectIntactStreams = async (store: PostgresEventStore, streams: readonly string[]) => {
    const byStream = new Map<string, StoredEvent[]>();
    for (const streamId of streams) {
      const events = await collect(store.readStream(streamId));
      expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
      expect(await store.streamHead(streamId)).toEqual(
        events.length === 0 ? undefined : { streamId, version: events.length, hash: events.at(-1)?.hash },
      );
      byStream.set(streamId, events);
    }
    const all = await collect(store.readAll());
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const positions = all.map((e) => e.globalPosition);
    expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as number))).toBe(true);
    expect(await verifyStore(store)).toMatchObject({ _tag: "Right", right: { events: all.length } });
    return { all, byStream };
  };

  it(
    "with exact expected versions: no lost update, no duplicate version, no gap; conflicts are typed, replays identical",
    async () => {
      const streams = ["contended-a", "contended-b", "contended-c"];
      const store = await pg.open({ pollMs: 5 });
      // A live subscriber through the whole race: what it sees must be exactly the final log, in order.
      const controller = new AbortController();
      const seen: StoredEvent[] = [];
      const following = (async () => {
        for await (const event of store.subscribe({ signal: controller.signal })) seen.push(event);
      })();

      const reports = await race(streams, "exact", 40);
      expect(reports).toHaveLength(PROCESSES * WRITERS_PER_PROCESS);
      for (const report of reports) expect(report.unexpected).toEqual([]);

      const { all } = await expectIntactStreams(store, streams);
      // No lost update and nothing phantom: the log holds exactly the acknowledged events, each where
      // its writer was told it landed (stream, version, global position).
      const acknowledged = reports.flatMap((r) => r.acknowledged);
      const landed = new Map(all.map((e) => [e.id, e]));
      expect(all).toHaveLength(acknowledged.reduce((sum, a) => sum + a.ids.length, 0));
      for (const ack of acknowledged)
        ack.ids.forEach((id, k) => {
          const event = landed.get(id);
          expect(event, `acknowledged ${id} is missing`).toBeDefined();
          expect(event).toMatchObject({
            streamId: ack.streamId,
            streamVersion: ack.nextExpectedVersion - ack.ids.length + 1 + k,
            globalPosition: ack.globalPositions[k],
          });
        });
      // The race really happened, on every stream: otherwise this test would prove nothing.
      expect(reports.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(20);
      expect(reports.reduce((sum, r) => sum + r.replays, 0)).toBeGreaterThan(0);
      for (const streamId of streams)
        expect(acknowledged.filter((a) => a.streamId === streamId).length).toBeGreaterThan(5);

      await waitUntil(() => seen.length >= all.length, "the subscription has caught up");
      controller.abort();
      await following;
      expect(seen.map((e) => e.globalPosition)).toEqual(all.map((e) => e.globalPosition));
    },
    RACE_TIMEOUT_MS,
  );

  it(
    "with the kernel's commandHandler: every command lands once, decided on the state it was appended to",
    async () => {
      const streams = ["counter-a", "counter-b"];
      const store = await pg.open();
      const reports = await race(streams, "command", 12);
      for (const report of reports) expect(report.unexpected).toEqual([]);
      expect(reports.flatMap((r) => r.acknowledged)).toHaveLength(PROCESSES * WRITERS_PER_PROCESS * 12);

      const { byStream } = await expectIntactStreams(store, streams);
      // A decision on stale state would repeat a value; retried decisions see the other writers' events.
      for (const events of byStream.values())
        expect(events.map((e) => (e.data as { value: number }).value)).toEqual(events.map((_, i) => i + 1));
      expect([...byStream.values()].reduce((sum, events) => sum + events.length, 0)).toBe(
        PROCESSES * WRITERS_PER_PROCESS * 12,
      );
      expect(reports.reduce((sum, r) => sum + r.retries, 0)).toBeGreaterThan(0);
    },
    RACE_TIMEOUT_MS,
  );

  it("appends through one store's pool from many connections at once: exactly one of each version race wins", async () => {
    const store = await pg.open();
    await store.append("pooled", [fixtureEvent("seed", "Raced", {})]);
    // 10 appends with the same expected version, in flight together on the pool's connections.
    for (let round = 0; round < 5; round++) {
      const version = (await store.streamHead("pooled"))?.version ?? 0;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, w) =>
          store.append("pooled", [fixtureEvent(`r${round}-w${w}`, "Raced", {})], {
            expectedVersion: version,
          }),
        ),
      );
      expect(results.filter(isRight)).toHaveLength(1);
    }
    await expectIntactStreams(store, ["pooled"]);
    expect((await store.streamHead("pooled"))?.version).toBe(6);
  });
});
