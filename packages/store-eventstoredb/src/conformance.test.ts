import { protectionConformanceSuite, storeConformanceSuite } from "@privacy-ledger/eventsourcing/testing";
import { fakeServerHarness } from "./testing/index.js";

// ESDB has no global event-id index: ids are unique per stream only (see README).
const capabilities = { uniqueEventIdsAcrossStreams: false };

// Realistic positions: log offsets, spaced out, never starting at 1.
storeConformanceSuite(
  "eventstoredb, fake server with BatchAppend",
  fakeServerHarness({ server: {} }),
  capabilities,
);

// A 20.x server (no ServerFeatures, so the client uses plain Append), stream reads that do carry
// a commit position, and pages smaller than the suite's batches, so reads and the idempotency scan
// cross page boundaries in both directions.
storeConformanceSuite(
  "eventstoredb, fake 20.x server with Append, 7-event pages",
  fakeServerHarness({
    server: { batchAppend: false, streamReadCommitPosition: "same" },
    store: { pageSize: 7, idempotencyWindow: 3 },
  }),
  capabilities,
);

protectionConformanceSuite("eventstoredb, fake server", fakeServerHarness({ server: {} }));
