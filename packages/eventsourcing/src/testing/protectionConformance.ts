import { isRight } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineEvent, eventCatalog } from "../codecs/eventCatalog.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { verifyStore } from "../integrity/verify.js";
import { fixedClock } from "../ports/clock.js";
import { deterministicIds } from "../ports/idGenerator.js";
import { eraseSubject, erasureStreamId } from "../protection/erasure.js";
import { InMemoryKeyStore } from "../protection/inMemoryKeyStore.js";
import { personal } from "../protection/personal.js";
import { ProtectedEventStore } from "../protection/protectedEventStore.js";
import type { HarnessFactory } from "./conformanceHarness.js";
import { collect } from "./sampleEvents.js";

const MemberRegistered = defineEvent({
  type: "MemberRegistered",
  codec: t.type({
    subjectId: t.string,
    email: personal(t.string, { subject: "subjectId", retention: "marketing" }),
    invoiceName: personal(t.string, { subject: "subjectId", retention: "fiscal" }),
  }),
  clauses: ["P1.F.1"],
});
const catalog = eventCatalog([MemberRegistered]);

/**
 * The protection layer in front of a store adapter: the adapter only ever holds ciphertext, erasure
 * turns exactly the erased class into `Erased`, and the adapter's chains verify before and after with
 * every stored byte unchanged. Every adapter runs it, which shows the layer works unchanged on all.
 */
export const protectionConformanceSuite = (name: string, factory: HarnessFactory): void => {
  describe(`${name}: personal data protection (P7.b, GDPR Art. 17) on this store`, () => {
    const clock = fixedClock("2026-11-27T10:00:00.000Z");
    const actor = { id: "employee-0001", roles: ["CTO"] };
    let inner: EventStore;
    let dispose: () => Promise<void>;
    let keyStore: InMemoryKeyStore;
    let store: ProtectedEventStore;

    beforeEach(async () => {
      const harness = await factory({ clock });
      inner = harness.store;
      dispose = harness.dispose;
      keyStore = new InMemoryKeyStore({ clock });
      store = new ProtectedEventStore(inner, { keyStore, personalFields: catalog.personalFields });
    });
    afterEach(() => dispose());

    const register = async (subjectId: string, email: string, invoiceName: string) => {
      const encoded = catalog.encode({ type: "MemberRegistered", data: { subjectId, email, invoiceName } });
      const result = await store.append(`member-${subjectId}`, [
        {
          id: deterministicIds(`${name}-${subjectId}`).next(),
          type: encoded.type,
          schemaVersion: encoded.schemaVersion,
          data: encoded.data,
          metadata: {
            actor,
            correlationId: "c",
            causationId: "c",
            occurredAt: clock.now().toISOString(),
            clauses: [...encoded.clauses],
          },
        },
      ]);
      expect(isRight(result)).toBe(true);
    };

    it("the store holds only ciphertext; erasure makes one class Erased, keeps the other, and every byte and chain stays", async () => {
      await register("subject-anna", "anna@example.nl", "Anna Bakker");
      await register("subject-bram", "bram@example.nl", "Bram Smit");
      const storedBefore = JSON.stringify(await collect(inner.readAll()));
      for (const secret of ["anna@example.nl", "Anna Bakker", "bram@example.nl", "Bram Smit"])
        expect(storedBefore).not.toContain(secret);
      expect((await collect(store.readStream("member-subject-anna")))[0]?.data).toEqual({
        subjectId: "subject-anna",
        email: "anna@example.nl",
        invoiceName: "Anna Bakker",
      });
      expect(isRight(await verifyStore(inner))).toBe(true);

      const receipt = await eraseSubject(
        { store: inner, keyStore, clock, keyCache: store.keys },
        { subjectId: "subject-anna", retentionClass: "marketing", reason: "data-subject-request", actor },
      );
      expect(isRight(receipt)).toBe(true);

      const anna = (await collect(store.readStream("member-subject-anna")))[0]?.data;
      expect(anna).toMatchObject({ email: { kind: "Erased" }, invoiceName: "Anna Bakker" });
      expect((await collect(store.readStream("member-subject-bram")))[0]?.data).toMatchObject({
        email: "bram@example.nl",
      });
      const storedAfter = (await collect(inner.readAll())).filter(
        (e) => e.streamId !== erasureStreamId("subject-anna"),
      );
      expect(JSON.stringify(storedAfter)).toBe(storedBefore);
      expect(await verifyStore(inner)).toMatchObject({ _tag: "Right", right: { events: 3 } });
    });
  });
};
