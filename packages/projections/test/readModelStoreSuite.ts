import { expect, it } from "vitest";
import type { ProjectedEvent } from "../src/projection/policyEvents.js";
import { defineProjection } from "../src/projection/projection.js";
import { ProjectionHandlerFailed, ProjectionSchemaChanged } from "../src/projection/projectionErrors.js";
import { ActiveVersionDropRefused, type ReadModelStore } from "../src/readModelStore/readModelStore.js";
import { requestClosed, requestReceived } from "../src/testing/policyEventLog.js";
import { tallyProjection } from "../src/testing/tallyProjection.js";

/** A handled event at a global position, on a stream (the request id is the stream id). */
export const at = (
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

type RequestRow = { readonly requestId: string; readonly state: string; readonly closedAt: string | null };
type CountRow = { readonly state: string; readonly requests: number };

/** Uses every write of the transaction: update, find by a non-key column, and delete. */
const requestsProjection = defineProjection<
  { readonly requests: RequestRow; readonly counts: CountRow },
  "RightsRequestReceived" | "RightsRequestClosed"
>({
  name: "requests",
  version: 1,
  tables: {
    requests: {
      columns: { requestId: "text", state: "text", closedAt: "text" },
      key: ["requestId"],
      indexes: [["state"]],
    },
    counts: { columns: { state: "text", requests: "integer" }, key: ["state"] },
  },
  handles: ["RightsRequestReceived", "RightsRequestClosed"],
  handle(event, tx) {
    if (event.type === "RightsRequestReceived")
      tx.upsert("requests", { requestId: event.streamId, state: "open", closedAt: null });
    else {
      tx.update(
        "requests",
        { requestId: event.streamId },
        { state: "closed", closedAt: event.data.closedAt },
      );
      tx.upsert("counts", { state: "closed", requests: tx.find("requests", { state: "closed" }).length });
      if (event.data.outcome === "refused") tx.delete("requests", { state: "closed", closedAt: null });
      if (event.data.outcome === "refused") tx.delete("requests", { requestId: event.streamId });
    }
    tx.upsert("counts", { state: "open", requests: tx.find("requests", { state: "open" }).length });
  },
});

/**
 * The contract every read-model store keeps, run against each of them (memory, SQLite, PostgreSQL).
 * Call inside a describe block; `open` gives a fresh, empty store.
 */
export const readModelStoreSuite = (open: () => Promise<ReadModelStore>): void => {
  it("exactly once: a batch delivered again, or overlapping the checkpoint, changes nothing", async () => {
    const store = await open();
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
    const store = await open();
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
    const store = await open();
    const tally = tallyProjection();
    await store.prepare(tally);
    expect(await store.apply(tally, { events: [], through: 7 })).toMatchObject({ applied: 0, position: 7 });
    expect(await store.reader(tally).position()).toBe(7);
    await store.close();
  });

  it("a projection whose tables changed under the same version is refused: a new read model takes a new version", async () => {
    const store = await open();
    await store.prepare(tallyProjection());
    const changed = {
      ...tallyProjection(),
      tables: { tally: { columns: { streamId: "text", handled: "integer" }, key: ["streamId"] } },
    } as unknown as ReturnType<typeof tallyProjection>;
    await expect(store.prepare(changed)).rejects.toBeInstanceOf(ProjectionSchemaChanged);
    await store.close();
  });

  it("rows are checked against the declaration: a wrong kind of cell is a handler's bug", async () => {
    const store = await open();
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
    const store = await open();
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

  it("the handler's reads see its own writes of the batch and earlier batches' rows; update, find, delete", async () => {
    const store = await open();
    const requests = requestsProjection;
    await store.prepare(requests);
    const closed = (n: number, stream: string, outcome?: "refused") =>
      at(n, stream, requestClosed("subj-1", stream, `2026-02-0${n}T10:00:00Z`, outcome));
    await store.apply(requests, { events: [at(1, "a"), at(2, "b"), at(3, "c"), closed(4, "a")], through: 4 });
    await store.apply(requests, { events: [closed(5, "b", "refused"), at(6, "d")], through: 6 });
    const reader = store.reader(requests);
    expect(await reader.find("requests", {}, { orderBy: ["state"] })).toEqual([
      { requestId: "a", state: "closed", closedAt: "2026-02-04T10:00:00Z" },
      { requestId: "c", state: "open", closedAt: null },
      { requestId: "d", state: "open", closedAt: null },
    ]);
    expect(await reader.find("counts")).toEqual([
      { state: "closed", requests: 2 },
      { state: "open", requests: 2 },
    ]);
    expect(await reader.find("requests", { closedAt: null })).toHaveLength(2);
    expect(await reader.find("requests", {}, { limit: 1 })).toEqual([
      { requestId: "a", state: "closed", closedAt: "2026-02-04T10:00:00Z" },
    ]);
    await store.close();
  });

  it("the first version prepared is the active one; a successor is activated only once it has caught up", async () => {
    const store = await open();
    const v1 = tallyProjection();
    const v2 = { ...tallyProjection(), version: 2 };
    expect(await store.activeVersion("tally")).toBeUndefined();
    await store.prepare(v1);
    await store.prepare(v2);
    expect(await store.activeVersion("tally")).toBe(1);
    await store.apply(v1, { events: [at(1, "a"), at(2, "b")], through: 3 });
    await store.apply(v2, { events: [at(1, "a")], through: 1 });

    expect(await store.activate(v2)).toBe(false); // behind: readers would see the read model go back
    expect(await store.activeVersion("tally")).toBe(1);
    await expect(store.dropVersion("tally", 1)).rejects.toBeInstanceOf(ActiveVersionDropRefused);

    await store.apply(v2, { events: [at(2, "b")], through: 3 });
    expect(await store.activate(v2)).toBe(true);
    expect(await store.activeVersion("tally")).toBe(2);
    await store.dropVersion("tally", 1);
    await store.dropVersion("tally", 1); // a version already gone: nothing to do
    expect(await store.position(v1)).toBe(0);
    expect(await store.reader(v2).find("tally")).toEqual([
      { streamId: "a", handled: 1, lastPosition: 1 },
      { streamId: "b", handled: 1, lastPosition: 2 },
    ]);
    // A dropped version prepared again starts from nothing.
    expect(await store.prepare(v1)).toBe(0);
    expect(await store.reader(v1).find("tally")).toEqual([]);
    expect(await store.activeVersion("tally")).toBe(2);
    await store.close();
  });
};
