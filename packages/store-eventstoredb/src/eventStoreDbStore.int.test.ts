import { storeConformanceSuite } from "@privacy-ledger/eventsourcing/testing";
import { describe, it } from "vitest";
import { realServerHarness } from "./testing/index.js";

/**
 * The conformance suite against a real EventStoreDB / KurrentDB server, when one is given:
 *
 *   docker compose -f examples/eventstoredb/docker-compose.yml up -d
 *   EVENTSTORE_CONNECTION_STRING="esdb://localhost:2113?tls=false" pnpm vitest run packages/store-eventstoredb
 *
 * Each test works under a stream prefix of its own, so tests share the server without seeing each
 * other. There is no tamper harness (the log is append-only through the API), and EventStoreDB has no
 * global event-id index; both capabilities are off.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  storeConformanceSuite("eventstoredb, real server", realServerHarness(connectionString), {
    uniqueEventIdsAcrossStreams: false,
    tamper: false,
  });
} else {
  describe.skip("eventstoredb, real server: set EVENTSTORE_CONNECTION_STRING to run the conformance suite against one", () => {
    it("needs a server (see examples/eventstoredb)", () => {});
  });
}
