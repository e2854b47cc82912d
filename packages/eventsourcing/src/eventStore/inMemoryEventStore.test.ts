import { storeConformanceSuite } from "../testing/storeConformance.js";
import { InMemoryEventStore } from "./inMemoryEventStore.js";

storeConformanceSuite("in-memory", async ({ clock }) => {
  const store = new InMemoryEventStore({ clock });
  return { store, tamper: store.tamper, dispose: () => store.close() };
});
