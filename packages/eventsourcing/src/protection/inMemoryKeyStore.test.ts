import { keyStoreConformanceSuite } from "../testing/keyStoreConformance.js";
import { InMemoryKeyStore } from "./inMemoryKeyStore.js";

keyStoreConformanceSuite("in-memory", async ({ clock }) => {
  const keyStore = new InMemoryKeyStore({ clock });
  return { keyStore, dispose: () => keyStore.close() };
});
