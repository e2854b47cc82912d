import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import { rebuildWithoutDowntime, v1 } from "../../test/rebuildScenario.js";
import { InMemoryReadModelStore } from "../readModelStore/inMemoryReadModelStore.js";
import type { ReadModelStore } from "../readModelStore/readModelStore.js";
import { openSqliteReadModelStore } from "../readModelStore/sqliteReadModelStore.js";
import { appendPolicyEvents, requestReceived } from "../testing/policyEventLog.js";
import { tallyProjection } from "../testing/tallyProjection.js";
import { rebuildProjection } from "./rebuildProjection.js";

const RECEIVED = "2026-01-30T09:00:00Z";

const stores: [string, () => Promise<ReadModelStore>][] = [
  ["in memory", async () => new InMemoryReadModelStore()],
  ["SQLite", async () => openSqliteReadModelStore({ path: ":memory:" })],
];

describe.each(stores)("rebuild without downtime (%s)", (_, open) => {
  it("builds the new version beside the live one, reporting progress; readers get the old answers until the swap, then the new", async () => {
    const store = await open();
    await rebuildWithoutDowntime(store);
    await store.close();
  });

  it("a rebuild of the version already active (a restart after the swap) swaps nothing and drops nothing", async () => {
    const store = await open();
    const events = new InMemoryEventStore();
    await appendPolicyEvents(events, "data-subject-s1", [requestReceived("s1", "r1", RECEIVED)]);
    const rebuild = rebuildProjection({ source: events, store, projection: v1 });
    expect(await rebuild.swapped()).toMatchObject({ replaces: undefined, state: "swapped", position: 1 });
    expect(await store.activeVersion("tally")).toBe(1);
    await rebuild.stop();
    await store.close();
  });

  it("a rebuild whose handler fails is reported failed, and the live version stays active", async () => {
    const store = await open();
    const events = new InMemoryEventStore();
    await appendPolicyEvents(events, "data-subject-s1", [requestReceived("s1", "r1", RECEIVED)]);
    await store.prepare(v1);
    const failing = { ...tallyProjection({ failOnPosition: 1 }), version: 2 };
    const rebuild = rebuildProjection({ source: events, store, projection: failing });
    await expect(rebuild.swapped()).rejects.toThrow(/tally@2 failed on RightsRequestReceived/);
    expect(await rebuild.progress()).toMatchObject({ state: "failed", position: 0 });
    expect(await store.activeVersion("tally")).toBe(1);
    await store.close();
  });
});
