import { describe, expect, it } from "vitest";
import type { ProjectedEvent } from "../projection/policyEvents.js";
import { ProjectionHandlerFailed, ProjectionSchemaChanged } from "../projection/projectionErrors.js";
import { requestClosed, requestReceived } from "../testing/policyEventLog.js";
import { tallyProjection } from "../testing/tallyProjection.js";
import { InMemoryReadModelStore } from "./inMemoryReadModelStore.js";
import type { ReadModelStore } from "./readModelStore.js";
import { openSqliteReadModelStore } from "./sqliteReadModelStore.js";

const at = (
  globalPosition: number,
  streamId: string,
  event = requestReceived("subj-1", streamId, "2026-01-30T09:00:00Z"),
) =>
  ({
    ...event,
    id: `event-${globalPosition}`,
    streamId,
    streamVersion: 1,
    globalPosition,
    metadata: {
      actor: { id: "actor-emp", roles: ["employee"] },
      correlationId: "c",
      causationId: "c",
      occurredAt: "2026-01-30T09:00:00Z",
      recordedAt: "2026-01-30T09:00:00Z",
      clauses: [],
    },
  }) as ProjectedEvent;

const stores: [string, () => ReadModelStore][] = [
  ["in memory", () => new InMemoryReadModelStore()],
  ["SQLite", () => openSqliteReadModelStore({ path: ":memory:" })],
];

describe.each(stores)("read-model store (%s)", (_, open) => {
  it("exactly once: a batch delivered again, or overlapping the checkpoint, changes nothing", async () => {
    const store = open();
    const tally = tallyProjection();
    await store.prepare(tally);
    const batch = { events: [at(1, "a"), at(2, "b"), at(3, "a")], through: 3 };
    expect(await store.apply(tally, batch)).toEqual({ applied: 3, alreadyApplied: 0, position: 3 });
    const before = await store.reader(tally).find("tally");

    expect(await store.apply(tally, batch)).toEqual({ applied: 0, alreadyApplied: 3, position: 3 });
    const overlapping = { events: [at(3, "a"), at(4, "b")], through: 5 };
    expect(await store.apply(tally, overlapping)).toEqual({ applied: 1, alreadyApplied: 1, position: 5 });

    expect(before).toEqual([
      { streamId: "a", handled: 2, lastPosition: 3 },
      { streamId: "b", handled: 1, lastPosition: 2 },
    ]);
    expect(await store.reader(tally).find("tally")).toEqual([
      { streamId: "a", handled: 2, lastPosition: 3 },
      { streamId: "b", handled: 2, lastPosition: 4 },
    ]);
    expect(await store.position(tally)).toBe(5);
    await store.close();
  });

  it("an interrupted batch leaves nothing half-written: neither rows nor the checkpoint move", async () => {
    const store = open();
    await store.prepare(tallyProjection());
    await store.apply(tallyProjection(), { events: [at(1, "a")], through: 1 });

    const failing = tallyProjection({ failOnPosition: 4 });
    const batch = { events: [at(2, "a"), at(3, "b"), at(4, "c"), at(5, "a")], through: 5 };
    const error = await store.apply(failing, batch).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProjectionHandlerFailed);
    expect((error as Error).message).toBe(
      "projection tally@1 failed on RightsRequestReceived at c@1 (global position 4): the handler threw Error",
    );
    expect((error as Error).message).not.toContain("subj-1");
    expect(await store.reader(failing).find("tally")).toEqual([
      { streamId: "a", handled: 1, lastPosition: 1 },
    ]);
    expect(await store.position(failing)).toBe(1);
    await store.close();
  });

  it("events of other types still move the checkpoint", async () => {
    const store = open();
    const tally = tallyProjection();
    await store.prepare(tally);
    expect(await store.apply(tally, { events: [], through: 7 })).toMatchObject({ applied: 0, position: 7 });
    expect(await store.reader(tally).position()).toBe(7);
    await store.close();
  });

  it("a projection whose tables changed under the same version is refused: a new read model takes a new version", async () => {
    const store = open();
    await store.prepare(tallyProjection());
    const changed = {
      ...tallyProjection(),
      tables: { tally: { columns: { streamId: "text", handled: "integer" }, key: ["streamId"] } },
    } as unknown as ReturnType<typeof tallyProjection>;
    await expect(store.prepare(changed)).rejects.toBeInstanceOf(ProjectionSchemaChanged);
    await store.close();
  });

  it("rows are checked against the declaration: a wrong kind of cell is a handler's bug", async () => {
    const store = open();
    const tally = tallyProjection();
    await store.prepare(tally);
    const bad = {
      ...tally,
      handle: (_: unknown, tx: { upsert: (t: string, r: unknown) => void }) =>
        tx.upsert("tally", { streamId: "a", handled: "one" }),
    };
    await expect(
      store.apply(bad as unknown as typeof tally, { events: [at(1, "a")], through: 1 }),
    ).rejects.toBeInstanceOf(ProjectionHandlerFailed);
    await store.close();
  });

  it("find filters by equality (null included), orders by the columns asked, then by key", async () => {
    const store = open();
    const tally = tallyProjection();
    await store.prepare(tally);
    await store.apply(tally, {
      events: [
        at(1, "c"),
        at(2, "b"),
        at(3, "b", requestClosed("subj-1", "b", "2026-02-01T10:00:00Z")),
        at(4, "a"),
      ],
      through: 4,
    });
    const reader = store.reader(tally);
    expect((await reader.find("tally", {}, { orderBy: ["handled"] })).map((r) => r.streamId)).toEqual([
      "a",
      "c",
      "b",
    ]);
    expect(await reader.find("tally", { handled: 2 })).toEqual([
      { streamId: "b", handled: 2, lastPosition: 3 },
    ]);
    expect(await reader.get("tally", { streamId: "zz" })).toBeUndefined();
    await store.close();
  });
});
