export {
  FakeEventStoreServer,
  type FakeEventStoreServerOptions,
  type FakeFault,
  type FakeRecord,
  type FaultRule,
  type RecordedAppend,
  type RecordedExpectation,
  type RecordedOther,
  type RecordedProposal,
  type RecordedRead,
  type RecordedReadFrom,
  type RecordedRequest,
  startFakeEventStoreServer,
} from "./fakeEventStoreServer.js";
export { type FakeTamperOptions, fakeTamper } from "./fakeTamper.js";
export { fakeServerHarness, realServerHarness } from "./harness.js";
