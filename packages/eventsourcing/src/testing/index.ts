export { childScripts, watchChild } from "./childScripts.js";
export type {
  ConformanceCapabilities,
  ConformanceHarness,
  HarnessFactory,
  HarnessOptions,
  StoreTamper,
} from "./conformanceHarness.js";
export { type DeciderThen, deciderSpecification } from "./deciderSpecification.js";
export {
  type KeyStoreHarness,
  type KeyStoreHarnessFactory,
  keyStoreConformanceSuite,
} from "./keyStoreConformance.js";
export { protectionConformanceSuite } from "./protectionConformance.js";
export { collect, sampleEventFactory } from "./sampleEvents.js";
export { storeConformanceSuite } from "./storeConformance.js";
