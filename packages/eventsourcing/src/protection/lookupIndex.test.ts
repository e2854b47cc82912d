import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import { defineEvent, eventCatalog } from "../codecs/eventCatalog.js";
import { InMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { fixedClock } from "../ports/clock.js";
import { deterministicIds } from "../ports/idGenerator.js";
import { sampleEventFactory } from "../testing/sampleEvents.js";
import { blindIndex } from "./blindIndex.js";
import { eraseSubject } from "./erasure.js";
import { InMemoryKeyStore } from "./inMemoryKeyStore.js";
import { personal } from "./personal.js";
import { ProtectedEventStore } from "./protectedEventStore.js";

const clock = fixedClock("2026-11-27T10:00:00.000Z");
const ContactRecorded = defineEvent({
  type: "ContactRecorded",
  codec: t.type({
    subjectId: t.string,
    email: personal(t.string, { subject: "subjectId", retention: "relationship", lookup: "email" }),
    name: personal(t.string, { subject: "subjectId", retention: "relationship" }),
  }),
  clauses: ["P1.E.2"],
});
const catalog = eventCatalog([ContactRecorded]);

describe("blind-index lookups declared in the marking (issue 4: Lookup)", () => {
  it("P7.a, P7.b: a field marked lookup:'email' is findable by its normalised value; the token goes with the keys", async () => {
    const keyStore = new InMemoryKeyStore({ clock });
    const store = new ProtectedEventStore(new InMemoryEventStore({ clock }), {
      keyStore,
      personalFields: catalog.personalFields,
    });
    const event = sampleEventFactory(deterministicIds("lookup"));
    await store.append("contact-1", [
      event("ContactRecorded", {
        subjectId: "subj-jan",
        email: "Jan.Jansen@Example.nl ",
        name: "Jan Jansen",
      }),
    ]);
    const index = blindIndex(keyStore);
    expect(await index.find("email", "jan.jansen@example.nl")).toEqual([
      { subjectId: "subj-jan", retentionClass: "relationship" },
    ]);
    // Names are not looked up: only fields that declare a lookup kind are indexed.
    expect(await index.find("email", "Jan Jansen")).toEqual([]);
    await eraseSubject(
      { store, keyStore, clock },
      {
        subjectId: "subj-jan",
        retentionClass: "relationship",
        reason: "data-subject-request",
        actor: { id: "cto", roles: ["CTO"] },
      },
    );
    expect(await index.find("email", "jan.jansen@example.nl")).toEqual([]);
  });
});
