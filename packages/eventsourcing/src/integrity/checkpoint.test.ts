import { isLeft } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { fixedClock } from "../ports/clock.js";
import { deterministicIds } from "../ports/idGenerator.js";
import { sampleEventFactory } from "../testing/sampleEvents.js";
import { createCheckpoint, generateCheckpointKeys, SignedCheckpointCodec } from "./checkpoint.js";
import { verifyStore } from "./verify.js";

const clock = fixedClock("2026-11-27T12:00:00.000Z");

describe("signed checkpoints", () => {
  it("a history rewritten with every hash recomputed passes the chain check but not the checkpoint", async () => {
    const { privateKey, publicKey } = generateCheckpointKeys();
    const original = new InMemoryEventStore({ clock });
    const forged = new InMemoryEventStore({ clock });
    const ids = sampleEventFactory(deterministicIds("same"));
    const forgedIds = sampleEventFactory(deterministicIds("same"));
    await original.append("ledger", [ids("Paid", { amount: 100 }), ids("Paid", { amount: 50 })]);
    await forged.append("ledger", [forgedIds("Paid", { amount: 100 }), forgedIds("Paid", { amount: 5 })]);
    const checkpoint = await createCheckpoint(original, { privateKey, clock });

    expect(await verifyStore(forged)).toMatchObject({ _tag: "Right" });
    const result = await verifyStore(forged, { checkpoint: { checkpoint, publicKey } });
    expect(isLeft(result) && result.left).toMatchObject({
      kind: "HeadChanged",
      streamId: "ledger",
      streamVersion: 2,
    });
  });

  it("round-trips through JSON and its io-ts codec, as an auditor's file would", async () => {
    const { privateKey } = generateCheckpointKeys();
    const store = new InMemoryEventStore({ clock });
    await store.append("s", [sampleEventFactory(deterministicIds("r"))()]);
    const checkpoint = await createCheckpoint(store, { privateKey, clock });
    const decoded = SignedCheckpointCodec.decode(JSON.parse(JSON.stringify(checkpoint)));
    expect(decoded).toEqual({ _tag: "Right", right: checkpoint });
    expect(checkpoint.body).toMatchObject({ globalPosition: 1, createdAt: "2026-11-27T12:00:00.000Z" });
    expect(isLeft(SignedCheckpointCodec.decode({ ...checkpoint, algorithm: "RSA" }))).toBe(true);
  });

  it("refuses to sign with a key that is not Ed25519", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    await expect(createCheckpoint(new InMemoryEventStore(), { privateKey })).rejects.toThrow(/Ed25519/);
  });
});
