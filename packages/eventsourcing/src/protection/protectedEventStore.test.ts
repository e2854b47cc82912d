import { createCipheriv, randomBytes } from "node:crypto";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  emailOf,
  type NewsletterCommand,
  type NewsletterEvent,
  type NewsletterState,
  newsletterCatalog,
  newsletterDecider,
} from "../../test/newsletter.js";
import { commandHandler } from "../commandHandling/commandHandler.js";
import type { StoredEvent } from "../envelope/envelope.js";
import { InvalidAppendError } from "../eventStore/errors.js";
import { InMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { verifyStore } from "../integrity/verify.js";
import { fixedClock } from "../ports/clock.js";
import { deterministicIds } from "../ports/idGenerator.js";
import { protectionConformanceSuite } from "../testing/protectionConformance.js";
import { collect } from "../testing/sampleEvents.js";
import { blindIndex } from "./blindIndex.js";
import type { CipherThreads } from "./cipherThreads.js";
import { isErased } from "./erased.js";
import { eraseSubject, erasureStreamId } from "./erasure.js";
import { InMemoryKeyStore } from "./inMemoryKeyStore.js";
import type { KeyStore } from "./keyStore.js";
import { ProtectedEventStore } from "./protectedEventStore.js";
import {
  DataKeyMissingError,
  PersonalDataMarkingError,
  PersonalDataTamperedError,
} from "./protectionErrors.js";

const clock = fixedClock("2026-11-27T10:00:00.000Z");
const cto = { id: "employee-0001", roles: ["CTO"] };
const EMAIL = "jan.jansen@example.nl";
const NAME = "Jan Jansen";

const subscribeJan = {
  subjectId: "subject-jan",
  email: EMAIL,
  name: NAME,
  birthDate: "1984-07-12",
  referrer: { subjectId: "subject-piet", email: "piet@example.nl" },
  guests: [{ subjectId: "subject-kees", name: "Kees de Vries" }],
};

describe("personal data protection (P7.b, GDPR Art. 17: crypto-shredding)", () => {
  let inner: InMemoryEventStore;
  let keyStore: InMemoryKeyStore;
  let store: ProtectedEventStore;
  let handler: ReturnType<typeof commandHandler<NewsletterCommand, NewsletterEvent, NewsletterState>>;
  const handle = () => handler;

  beforeEach(async () => {
    inner = new InMemoryEventStore({ clock });
    keyStore = new InMemoryKeyStore({ clock });
    store = new ProtectedEventStore(inner, { keyStore, personalFields: newsletterCatalog.personalFields });
    handler = commandHandler({
      store,
      decider: newsletterDecider,
      catalog: newsletterCatalog,
      clock,
      ids: deterministicIds("n"),
    });
    const subscribed = await handle()("newsletter-jan", {
      command: { kind: "Subscribe", data: subscribeJan },
      actor: cto,
      commandId: "c1",
    });
    expect(isRight(subscribed)).toBe(true);
  });

  const innerText = async () => JSON.stringify(await collect(inner.readAll()));
  const readJan = async () => (await collect(store.readStream("newsletter-jan")))[0] as StoredEvent;

  it("the store only ever sees ciphertext for marked fields; readers see the plaintext", async () => {
    const text = await innerText();
    for (const secret of [EMAIL, NAME, "piet@example.nl", "Kees de Vries", "1984-07-12"])
      expect(text).not.toContain(secret);
    expect(text).toContain("subject-jan"); // subject ids are opaque and stay in clear text
    expect((await readJan()).data).toEqual(subscribeJan);
  });

  it("the decider folds plaintext through the command handler", async () => {
    const result = await handle()("newsletter-jan", {
      command: { kind: "Unsubscribe", subjectId: "subject-jan" },
      actor: cto,
      commandId: "c2",
    });
    expect(isRight(result) && emailOf(result.right.state)).toBe(EMAIL);
  });

  it("P7.b erasing (subject, class) makes those fields Erased, with the declared partial, and leaves the rest readable", async () => {
    const receipt = await eraseSubject(
      { store, keyStore, clock, keyCache: store.keys },
      {
        subjectId: "subject-jan",
        retentionClass: "marketing",
        reason: "data-subject-request",
        actor: cto,
        requestId: "dsr-17",
      },
    );
    expect(isRight(receipt) && receipt.right.keyIds).toHaveLength(1);
    const data = (await readJan()).data as Record<string, unknown>;
    const keyId = isRight(receipt) ? receipt.right.keyIds[0] : "";
    expect(data.email).toEqual({ kind: "Erased", keyId });
    expect(data.name).toEqual({ kind: "Erased", keyId });
    expect(data.birthDate).toEqual({ kind: "Erased", keyId, partial: "1984" });
    expect(data.referrer).toEqual({ subjectId: "subject-piet", email: "piet@example.nl" });
    expect(data.guests).toEqual([{ subjectId: "subject-kees", name: "Kees de Vries" }]);
    const decided = await handle()("newsletter-jan", {
      command: { kind: "Unsubscribe", subjectId: "subject-jan" },
      actor: cto,
      commandId: "c3",
    });
    expect(isRight(decided) && emailOf(decided.right.state)).toBe("(erased)");
  });

  it("P7.b erasure leaves every stored byte and hash as it was, and verify passes before and after", async () => {
    const before = await innerText();
    expect(isRight(await verifyStore(inner))).toBe(true);
    expect(await verifyStore(store)).toMatchObject({ _tag: "Right" }); // through the layer: verifies the inner store
    await eraseSubject(
      { store, keyStore, clock },
      { subjectId: "subject-jan", retentionClass: "marketing", reason: "retention-expired", actor: cto },
    );
    const after = await collect(inner.readStream("newsletter-jan"));
    expect(JSON.stringify(after)).toBe(
      JSON.stringify(JSON.parse(before).filter((e: StoredEvent) => e.streamId === "newsletter-jan")),
    );
    expect(isRight(await verifyStore(inner))).toBe(true);
  });

  it("P7.b the erasure is recorded once, PII-free, with keys, reason, request and actor; a re-run changes nothing", async () => {
    const request = {
      subjectId: "subject-jan",
      retentionClass: "marketing",
      reason: "data-subject-request",
      actor: cto,
      requestId: "dsr-17",
    };
    await eraseSubject({ store, keyStore, clock }, request);
    const again = await eraseSubject({ store, keyStore, clock }, request);
    expect(isRight(again) && again.right).toMatchObject({ keyIds: [], globalPosition: undefined });
    const records = await collect(inner.readStream(erasureStreamId("subject-jan")));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      type: "PersonalDataErased",
      data: {
        subjectId: "subject-jan",
        retentionClass: "marketing",
        reason: "data-subject-request",
        requestId: "dsr-17",
      },
      metadata: { actor: cto, causationId: "dsr-17", clauses: ["P7.b"] },
    });
    expect(JSON.stringify(records)).not.toContain(EMAIL);
    const prose = await eraseSubject({ store, keyStore }, { ...request, reason: `asked by ${EMAIL}` });
    expect(isLeft(prose) && prose.left.kind).toBe("InvalidErasureRequest");
  });

  it("P7.b an erasure interrupted after its record is completed by running it again", async () => {
    const request = {
      subjectId: "subject-jan",
      retentionClass: "marketing",
      reason: "data-subject-request",
      actor: cto,
    };
    const realShred = keyStore.shred.bind(keyStore);
    keyStore.shred = async () => {
      throw new Error("key store went away");
    };
    await expect(eraseSubject({ store, keyStore, clock }, request)).rejects.toThrow(/went away/);
    keyStore.shred = realShred;
    const completed = await eraseSubject({ store, keyStore, clock, keyCache: store.keys }, request);
    expect(isRight(completed) && completed.right.keyIds).toHaveLength(1);
    expect(await collect(inner.readStream(erasureStreamId("subject-jan")))).toHaveLength(1);
    expect((await readJan()).data).toMatchObject({ email: { kind: "Erased" } });
  });

  it("P7.b a key made by a concurrent writer between listing and shredding is destroyed with a record of its own", async () => {
    const listKeys = keyStore.listKeys.bind(keyStore);
    keyStore.listKeys = async (subjectId, retentionClass) => {
      const listed = await listKeys(subjectId, retentionClass);
      keyStore.listKeys = listKeys;
      await keyStore.activeKey("subject-late", "marketing"); // never listed
      return listed;
    };
    const receipt = await eraseSubject(
      { store, keyStore, clock },
      { subjectId: "subject-late", retentionClass: "marketing", reason: "data-subject-request", actor: cto },
    );
    expect(isRight(receipt) && receipt.right.keyIds).toHaveLength(1);
    const records = await collect(inner.readStream(erasureStreamId("subject-late")));
    expect(records.map((r) => (r.data as { keyIds: string[] }).keyIds)).toEqual([
      isRight(receipt) ? receipt.right.keyIds : [],
    ]);
  });

  it("a returning subject gets a new key: new data is readable, what was written before stays Erased", async () => {
    await eraseSubject(
      { store, keyStore, clock, keyCache: store.keys },
      { subjectId: "subject-jan", retentionClass: "marketing", reason: "consent-withdrawn", actor: cto },
    );
    await handle()("newsletter-jan-2", {
      command: { kind: "Subscribe", data: { ...subscribeJan, email: "jan@new.example" } },
      actor: cto,
      commandId: "c4",
    });
    const [fresh] = await collect(store.readStream("newsletter-jan-2"));
    expect(fresh?.data).toMatchObject({ email: "jan@new.example" });
    expect((await readJan()).data).toMatchObject({ email: { kind: "Erased" } });
  });

  it("a changed ciphertext fails authentication, naming the event and the field", async () => {
    const [stored] = await collect(inner.readStream("newsletter-jan"));
    const data = structuredClone(stored?.data) as { email: { $pii: string } };
    const at = data.email.$pii.lastIndexOf(".") + 1;
    const bytes = Buffer.from(data.email.$pii.slice(at), "base64");
    bytes[12] = (bytes[12] ?? 0) ^ 1; // the first byte of the ciphertext, after the 12-byte nonce
    data.email.$pii = data.email.$pii.slice(0, at) + bytes.toString("base64");
    await inner.tamper.rewriteData("newsletter-jan", 1, data);
    const reading = readJan();
    await expect(reading).rejects.toBeInstanceOf(PersonalDataTamperedError);
    await expect(reading).rejects.toMatchObject({
      streamId: "newsletter-jan",
      streamVersion: 1,
      fieldPath: "email",
    });
  });

  it("a ciphertext moved to another field fails authentication (the AAD binds the field path)", async () => {
    const [stored] = await collect(inner.readStream("newsletter-jan"));
    const data = structuredClone(stored?.data) as Record<string, unknown>;
    data.name = data.email;
    await inner.tamper.rewriteData("newsletter-jan", 1, data as never);
    await expect(readJan()).rejects.toMatchObject({ fieldPath: "name" });
  });

  it("a key that is missing but was never shredded is an error, not Erased", async () => {
    const amnesiac = new ProtectedEventStore(inner, {
      keyStore: new InMemoryKeyStore(),
      personalFields: newsletterCatalog.personalFields,
    });
    await expect(collect(amnesiac.readStream("newsletter-jan"))).rejects.toBeInstanceOf(DataKeyMissingError);
  });

  it("an event whose personal field has no subject id is refused before anything is written", async () => {
    const bad = { ...subscribeJan, subjectId: "" };
    await expect(
      handle()("newsletter-bad", { command: { kind: "Subscribe", data: bad }, actor: cto, commandId: "c5" }),
    ).rejects.toBeInstanceOf(PersonalDataMarkingError);
    expect(await collect(inner.readStream("newsletter-bad"))).toEqual([]);
  });

  it("a subject id that could be personal data (an e-mail address) is refused when sealing and when erasing", async () => {
    const bad = { ...subscribeJan, subjectId: EMAIL };
    await expect(
      handle()("newsletter-bad", { command: { kind: "Subscribe", data: bad }, actor: cto, commandId: "c6" }),
    ).rejects.toThrow(/opaque id/);
    const erasure = await eraseSubject(
      { store, keyStore },
      { subjectId: EMAIL, retentionClass: "marketing", reason: "data-subject-request", actor: cto },
    );
    expect(isLeft(erasure) && erasure.left.kind).toBe("InvalidErasureRequest");
  });

  it("values a store could not keep exactly are refused before they are sealed", async () => {
    const event = (await collect(inner.readAll()))[0] as StoredEvent;
    const newEvent = { id: "fresh-1", type: "Subscribed", schemaVersion: 1, metadata: event.metadata };
    await expect(
      store.append("newsletter-nan", [
        { ...newEvent, data: { ...subscribeJan, subjectId: "subject-nan", name: Number.NaN } as never },
      ]),
    ).rejects.toBeInstanceOf(InvalidAppendError);
    expect(await keyStore.listKeys("subject-nan", "marketing")).toEqual([]); // no key made for a refused batch
  });

  it("a blind index finds the subject by e-mail without storing it, and forgets it at erasure", async () => {
    const index = blindIndex(keyStore);
    await index.add("email", EMAIL, { subjectId: "subject-jan", retentionClass: "marketing" });
    expect(await index.find("email", "  Jan.Jansen@Example.NL ")).toEqual([
      { subjectId: "subject-jan", retentionClass: "marketing" },
    ]);
    await eraseSubject(
      { store, keyStore, clock },
      { subjectId: "subject-jan", retentionClass: "marketing", reason: "data-subject-request", actor: cto },
    );
    expect(await index.find("email", EMAIL)).toEqual([]);
  });

  it("the caller's event objects stay as they were after an append seals them", async () => {
    const data = structuredClone(subscribeJan);
    const event = (await collect(inner.readAll()))[0] as StoredEvent;
    const appended = await store.append("newsletter-copy", [
      { id: "copy-1", type: "Subscribed", schemaVersion: 1, metadata: event.metadata, data },
    ]);
    expect(isRight(appended)).toBe(true);
    expect(data).toEqual(subscribeJan); // nested referrer and guests[] included
    expect((await collect(store.readStream("newsletter-copy")))[0]?.data).toEqual(subscribeJan);
  });

  it("reads fields stored in format 1 (before format 2) beside format 2 ones", async () => {
    const [stored] = await collect(inner.readStream("newsletter-jan"));
    const data = structuredClone(stored?.data) as Record<string, { $pii: string }>;
    const kid = data.email?.$pii.split(".")[1] as string;
    const state = await keyStore.keyState(kid);
    if (state.status !== "active") throw new Error("the key should be active");
    // Format 1 as its writer made it: the same AES-256-GCM and associated data, packed as an object.
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", state.key.material, iv);
    cipher.setAAD(
      Buffer.from(JSON.stringify(["privacy-ledger/pii@1", stored?.id, "email", kid, "null"]), "utf8"),
    );
    const ct = Buffer.concat([cipher.update(JSON.stringify("old@example.nl"), "utf8"), cipher.final()]);
    const v1 = {
      $pii: {
        v: 1,
        alg: "A256GCM",
        kid,
        iv: iv.toString("base64"),
        ct: ct.toString("base64"),
        tag: cipher.getAuthTag().toString("base64"),
      },
    };
    await inner.tamper.rewriteData("newsletter-jan", 1, { ...data, email: v1 } as never);
    expect((await readJan()).data).toEqual({ ...subscribeJan, email: "old@example.nl" });
    await eraseSubject(
      { store, keyStore, clock, keyCache: store.keys },
      { subjectId: "subject-jan", retentionClass: "marketing", reason: "data-subject-request", actor: cto },
    );
    expect((await readJan()).data).toMatchObject({ email: { kind: "Erased", keyId: kid } });
  });

  it("a shred through another protected store sharing the key store is seen at once, with no TTL", async () => {
    // A second reader with its own key cache, trusted for a minute if time were what bounded it.
    const other = new ProtectedEventStore(inner, {
      keyStore,
      personalFields: newsletterCatalog.personalFields,
      keyCacheMs: 60_000,
    });
    expect((await collect(other.readStream("newsletter-jan")))[0]?.data).toEqual(subscribeJan);
    // Erased through the first store, without telling the second one's cache.
    await eraseSubject(
      { store, keyStore, clock },
      { subjectId: "subject-jan", retentionClass: "marketing", reason: "data-subject-request", actor: cto },
    );
    expect((await collect(other.readStream("newsletter-jan")))[0]?.data).toMatchObject({
      email: { kind: "Erased" },
    });
    // Its append cache is checked too: a new event of the subject gets a new key, and stays readable.
    const event = (await collect(inner.readAll()))[0] as StoredEvent;
    await other.append("newsletter-jan-2", [
      { id: "again-1", type: "Subscribed", schemaVersion: 1, metadata: event.metadata, data: subscribeJan },
    ]);
    expect((await collect(store.readStream("newsletter-jan-2")))[0]?.data).toEqual(subscribeJan);
    expect(await keyStore.listKeys("subject-jan", "marketing")).toMatchObject([
      { status: "shredded" },
      { status: "active" },
    ]);
  });

  /** `count` more events of Jan's (5 personal fields each) in a stream of their own. */
  const appendMany = async (streamId: string, count: number) => {
    const event = (await collect(inner.readAll()))[0] as StoredEvent;
    const many = Array.from({ length: count }, (_, i) => ({
      id: `${streamId}-${i}`,
      type: "Subscribed",
      schemaVersion: 1,
      metadata: event.metadata,
      data: subscribeJan,
    }));
    expect(isRight(await store.append(streamId, many))).toBe(true);
  };

  /**
   * A reader with `cipherThreads` worker threads, and whether they opened anything: the pool's `open`
   * was called and the pool is still enabled (no worker failed, nothing fell back to this thread).
   */
  const threadedReader = (
    cipherThreads: number,
    options: { keyStore?: KeyStore; keyCacheMs?: number } = {},
  ) => {
    const reader = new ProtectedEventStore(inner, {
      keyStore: options.keyStore ?? keyStore,
      personalFields: newsletterCatalog.personalFields,
      cipherThreads,
      ...(options.keyCacheMs === undefined ? {} : { keyCacheMs: options.keyCacheMs }),
    });
    const pool = (reader as unknown as { threads: CipherThreads }).threads;
    const opens = vi.spyOn(pool, "open");
    return { reader, workersOpened: () => opens.mock.calls.length > 0 && pool.enabled };
  };

  /** Reads the stream, erasing Jan's marketing key once the first event is in; the e-mails as read. */
  const emailsWhileErasing = async (reader: ProtectedEventStore, streamId: string): Promise<unknown[]> => {
    const emails: unknown[] = [];
    for await (const read of reader.readStream(streamId)) {
      emails.push((read.data as { email: unknown }).email);
      if (emails.length === 1)
        await eraseSubject(
          { store, keyStore, clock },
          {
            subjectId: "subject-jan",
            retentionClass: "marketing",
            reason: "data-subject-request",
            actor: cto,
          },
        );
    }
    return emails;
  };

  /** The inner store with its readAll reading `events`, and whether that read was stopped (its finally ran). */
  const readingFrom = (events: () => AsyncIterable<StoredEvent>) => {
    const tracked = { stopped: false, store: undefined as unknown as InMemoryEventStore };
    tracked.store = {
      ...inner,
      readAll: async function* () {
        try {
          yield* events();
        } finally {
          tracked.stopped = true;
        }
      },
    } as unknown as InMemoryEventStore;
    return tracked;
  };

  /** Plaintext up to a point no later than the second page (256 events), Erased from there on. */
  const expectErasedFromTheNextPage = (emails: readonly unknown[], count: number) => {
    expect(emails).toHaveLength(count);
    expect(emails[0]).toBe(EMAIL);
    const firstErased = emails.findIndex((email) => isErased(email));
    expect(firstErased).toBeGreaterThan(0);
    expect(firstErased).toBeLessThanOrEqual(256);
    expect(emails.slice(0, firstErased).every((email) => email === EMAIL)).toBe(true);
    expect(emails.slice(firstErased).every((email) => isErased(email))).toBe(true);
  };

  it("P7.b a large read opened in a worker thread yields the very events a read opened here does", async () => {
    await appendMany("newsletter-many", 600);
    const threaded = threadedReader(1);
    const here = threadedReader(0);
    const opened = await collect(threaded.reader.readAll());
    expect(threaded.workersOpened()).toBe(true);
    expect(opened).toEqual(await collect(here.reader.readAll()));
    expect(here.workersOpened()).toBe(false);
    expect(opened.map((event) => event.data)).toEqual(Array(601).fill(subscribeJan));
    await threaded.reader.close();
  });

  it("P7.b a changed ciphertext in a large read fails authentication in the worker thread too, naming the event and the field", async () => {
    await appendMany("newsletter-many", 300);
    const [, , victim] = await collect(inner.readStream("newsletter-many"));
    const data = structuredClone(victim?.data) as { referrer: { email: { $pii: string } } };
    const pii = data.referrer.email.$pii;
    const at = pii.lastIndexOf(".") + 1;
    const bytes = Buffer.from(pii.slice(at), "base64");
    bytes[12] = (bytes[12] ?? 0) ^ 1;
    data.referrer.email.$pii = pii.slice(0, at) + bytes.toString("base64");
    await inner.tamper.rewriteData("newsletter-many", 3, data as never);
    const threaded = threadedReader(1);
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const event of threaded.reader.readStream("newsletter-many")) seen.push(event.data);
    })();
    await expect(reading).rejects.toBeInstanceOf(PersonalDataTamperedError);
    await expect(reading).rejects.toMatchObject({
      streamId: "newsletter-many",
      streamVersion: 3,
      fieldPath: "referrer.email",
    });
    expect(seen).toEqual([subscribeJan, subscribeJan]); // the events before it, opened
    expect(threaded.workersOpened()).toBe(true);
    await threaded.reader.close();
  });

  // 400 events are two pages: the second is read ahead before the first is yielded, and must be
  // checked again before it is yielded itself; 600 are three.
  it.each([
    [0, 400],
    [1, 400],
    [1, 600],
  ])(
    "a long read sees a shred made elsewhere by its next page (256 events) or sooner, not at its end (%i cipher threads, %i events)",
    async (cipherThreads, count) => {
      await appendMany("newsletter-many", count);
      const other = threadedReader(cipherThreads);
      expectErasedFromTheNextPage(await emailsWhileErasing(other.reader, "newsletter-many"), count);
      expect(other.workersOpened()).toBe(cipherThreads > 0);
      await other.reader.close();
    },
  );

  it.each([0, 1])(
    "with a key store that has no shred generation (its cache bounded by time), a shred still takes effect by the next page (%i cipher threads)",
    async (cipherThreads) => {
      await appendMany("newsletter-many", 400);
      // The port's shredGeneration is optional: this key store has none.
      const timeBound = new Proxy(keyStore, {
        get: (target, property) =>
          property === "shredGeneration"
            ? undefined
            : (Reflect.get(target, property) as unknown as { bind?: unknown }) instanceof Function
              ? (Reflect.get(target, property) as (...args: unknown[]) => unknown).bind(target)
              : Reflect.get(target, property),
      }) as KeyStore;
      const other = threadedReader(cipherThreads, { keyStore: timeBound, keyCacheMs: 0 });
      expectErasedFromTheNextPage(await emailsWhileErasing(other.reader, "newsletter-many"), 400);
      await other.reader.close();
    },
  );

  it("a key-store error while the next page is read ahead comes after the page before it", async () => {
    await appendMany("newsletter-many", 400);
    let lookups = 0;
    const failing = new Proxy(keyStore, {
      get: (target, property) => {
        const value = Reflect.get(target, property) as unknown;
        if (property !== "keyStates" || !(value instanceof Function))
          return value instanceof Function ? value.bind(target) : value;
        return (...args: unknown[]) => {
          lookups += 1;
          if (lookups > 1) return Promise.reject(new Error("key file unreadable"));
          return value.apply(target, args);
        };
      },
    }) as KeyStore;
    // No caching: every page looks its keys up, so the page read ahead is the second look-up.
    const reader = threadedReader(1, { keyStore: failing, keyCacheMs: 0 }).reader;
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const event of reader.readStream("newsletter-many")) seen.push(event.data);
    })();
    await expect(reading).rejects.toThrow("key file unreadable");
    expect(seen).toHaveLength(256);
    expect(seen.every((data) => JSON.stringify(data) === JSON.stringify(subscribeJan))).toBe(true);
  });

  it.each([0, 1])(
    "a reader that stops early, with the next page read ahead, stops the inner read (%i cipher threads)",
    async (cipherThreads) => {
      await appendMany("newsletter-many", 600);
      const tracked = readingFrom(() => inner.readAll());
      const reader = new ProtectedEventStore(tracked.store, {
        keyStore,
        personalFields: newsletterCatalog.personalFields,
        cipherThreads,
      });
      for await (const read of reader.readAll()) {
        expect(read.data).toEqual(subscribeJan);
        break;
      }
      expect(tracked.stopped).toBe(true);
    },
  );

  it("a read yields the events before an inner read error, then the error; a reader that stops early stops the inner read", async () => {
    const [first] = await collect(inner.readAll());
    const failing = readingFrom(async function* () {
      yield structuredClone(first as StoredEvent);
      yield structuredClone(first as StoredEvent);
      throw new Error("disk gone");
    });
    const reader = new ProtectedEventStore(failing.store, {
      keyStore,
      personalFields: newsletterCatalog.personalFields,
    });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const read of reader.readAll()) seen.push(read.data);
      })(),
    ).rejects.toThrow("disk gone");
    expect(seen).toEqual([subscribeJan, subscribeJan]);
    failing.stopped = false;
    for await (const _ of reader.readAll()) break;
    expect(failing.stopped).toBe(true);
  });

  it("a subscription delivers opened events, and Erased after a shred", async () => {
    const events: NewsletterEvent["type"][] = [];
    const controller = new AbortController();
    for await (const event of store.subscribe({ signal: controller.signal })) {
      events.push(event.type as NewsletterEvent["type"]);
      expect((event.data as { email: string }).email).toBe(EMAIL);
      controller.abort();
    }
    expect(events).toEqual(["Subscribed"]);
  });
});

protectionConformanceSuite("in-memory", async ({ clock }) => {
  const store = new InMemoryEventStore({ clock });
  return { store, tamper: store.tamper, dispose: () => store.close() };
});
