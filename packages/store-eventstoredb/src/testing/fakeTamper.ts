import {
  type ChainedContent,
  type Clock,
  chainHash,
  GENESIS_HASH,
  type NewEvent,
  systemClock,
} from "@privacy-ledger/eventsourcing";
import type { StoreTamper } from "@privacy-ledger/eventsourcing/testing";
import { revisionOfVersion } from "../mapping.js";
import { ENVELOPE_KEY, toEventData } from "../recordCodec.js";
import type { FakeEventStoreServer, FakeRecord } from "./fakeEventStoreServer.js";

export interface FakeTamperOptions {
  /** Stamps `recordedAt` on forged events. */
  readonly clock?: Clock;
  /** The store's stream prefix, if it has one. */
  readonly streamPrefix?: string;
}

/**
 * Changes the fake server's log behind the store's back, as an operator with raw access to the
 * database files could (a real EventStoreDB log is append-only through its API, so against a real
 * server there is no such harness). Each change keeps the fake's per-stream index consistent, and an
 * inserted forgery takes its successor's log position, later records moving up, so the global order
 * looks untouched: only the hash chain can give it away. For tests of tamper detection only.
 */
export const fakeTamper = (fake: FakeEventStoreServer, options: FakeTamperOptions = {}): StoreTamper => {
  const clock = options.clock ?? systemClock;
  const stream = (streamId: string) => (options.streamPrefix ?? "") + streamId;
  const at = (log: FakeRecord[], streamId: string, version: number): FakeRecord => {
    const revision = revisionOfVersion(version);
    const record = log.find((r) => r.streamId === stream(streamId) && r.revision === revision);
    if (!record) throw new Error(`no event ${streamId}@${version} to tamper with`);
    return record;
  };

  return {
    rewriteData: async (streamId, version, data) =>
      fake.edit((log) => {
        at(log, streamId, version).data = Buffer.from(JSON.stringify(data));
      }),

    removeEvent: async (streamId, version) =>
      fake.edit((log) => {
        log.splice(log.indexOf(at(log, streamId, version)), 1);
      }),

    swapVersions: async (streamId, versionA, versionB) =>
      fake.edit((log) => {
        const a = at(log, streamId, versionA);
        const b = at(log, streamId, versionB);
        [a.revision, b.revision] = [b.revision, a.revision];
      }),

    insertEvent: async (streamId, afterVersion, forged: NewEvent) =>
      fake.edit((log) => {
        const prevHash = afterVersion === 0 ? GENESIS_HASH : hashOf(at(log, streamId, afterVersion));
        const content: ChainedContent = {
          id: forged.id,
          streamId,
          streamVersion: afterVersion + 1,
          type: forged.type,
          schemaVersion: forged.schemaVersion,
          data: forged.data,
          metadata: { ...forged.metadata, recordedAt: clock.now().toISOString() },
        };
        const eventData = toEventData({ ...content, prevHash, hash: chainHash(prevHash, content) });
        const successor = log.find(
          (r) => r.streamId === stream(streamId) && r.revision === revisionOfVersion(afterVersion + 1),
        );
        const record: FakeRecord = {
          streamId: stream(streamId),
          revision: revisionOfVersion(afterVersion + 1),
          position: 0n,
          id: eventData.id,
          type: eventData.type,
          contentType: eventData.contentType,
          data: Buffer.from(JSON.stringify(eventData.data)),
          metadata: Buffer.from(JSON.stringify(eventData.metadata)),
          created: BigInt(Date.now()) * 10_000n,
        };
        const step = fake.positionStep(record);
        const last = log.at(-1);
        record.position = successor
          ? successor.position
          : last
            ? last.position + fake.positionStep(last)
            : step;
        for (const other of log) {
          if (successor && other.position >= successor.position) other.position += step;
          if (other.streamId === record.streamId && other.revision >= record.revision) other.revision += 1n;
        }
        log.push(record);
      }),
  };
};

const hashOf = (record: FakeRecord): string => {
  const metadata = JSON.parse(Buffer.from(record.metadata).toString("utf8")) as {
    [ENVELOPE_KEY]: { hash: string };
  };
  return metadata[ENVELOPE_KEY].hash;
};
