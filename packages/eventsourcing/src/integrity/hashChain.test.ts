import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../envelope/json.js";
import { canonicalJson } from "./canonicalJson.js";
import {
  type ChainedContent,
  canonicalContentText,
  chainBatch,
  chainHash,
  GENESIS_HASH,
} from "./hashChain.js";

const content: ChainedContent = {
  id: 'e-\u00e9"1',
  streamId: "s:1",
  streamVersion: 7,
  type: "T\\x",
  schemaVersion: 2,
  data: { z: [1, { b: 2, a: "\u2028" }], a: null },
  metadata: {
    actor: { id: "a", roles: ["CTO"] },
    correlationId: "c",
    causationId: "k",
    occurredAt: "2026-01-01T00:00:00.000Z",
    recordedAt: "2026-01-01T00:00:01.000Z",
    clauses: ["P8.6"],
  },
};

describe("hash chain", () => {
  it("assembles the same canonical text as canonical JSON of the whole content", () => {
    const whole = canonicalJson(content as unknown as JsonValue);
    expect(
      canonicalContentText(content, canonicalJson(content.data), canonicalJson(content.metadata as never)),
    ).toBe(whole);
  });

  it("hashes SHA-256 over the previous hash followed by the canonical content", () => {
    const expected = createHash("sha256")
      .update(GENESIS_HASH)
      .update(canonicalJson(content as unknown as JsonValue))
      .digest("hex");
    expect(chainHash(GENESIS_HASH, content)).toBe(expected);
  });

  it("chains a batch after a head, keeping the canonical texts it hashed", () => {
    const metadata = { ...content.metadata, recordedAt: undefined } as never;
    const [first, second] = chainBatch(
      "s:1",
      { version: 4, hash: "a".repeat(64) },
      [
        { id: "x", type: "T", schemaVersion: 1, data: { n: 1 }, metadata },
        { id: "y", type: "T", schemaVersion: 1, data: { n: 2 }, metadata },
      ],
      "2026-01-01T00:00:01.000Z",
    );
    expect(first?.streamVersion).toBe(5);
    expect(second?.prevHash).toBe(first?.hash);
    expect(first?.canonical.data).toBe('{"n":1}');
    expect(first && chainHash("a".repeat(64), first)).toBe(first?.hash);
  });
});
