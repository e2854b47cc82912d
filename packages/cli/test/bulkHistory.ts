import { randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import {
  consentCatalog,
  consentDecider,
  consentStreamId,
  dataSubjectCatalog,
  dataSubjectDecider,
  dataSubjectStreamId,
  PROCESSING_REGISTER_STREAM,
  type ProcessingRegisterEvent,
  policyPersonalFields,
  processingRegisterCatalog,
} from "@privacy-ledger/domain";
import { companyRegister, companyRegisterEvents } from "@privacy-ledger/domain/testing";
import type {
  Actor,
  Decider,
  DomainEvent,
  EventCatalog,
  EventStore,
  NewEvent,
} from "@privacy-ledger/eventsourcing";
import { openProtectedSqliteStore } from "@privacy-ledger/store-sqlite";
import { isLeft } from "fp-ts/lib/Either.js";
import { type LedgerFiles, mailer, NEWSLETTER, sales, support } from "./companyHistory.js";

/*
 * A long history written fast, for tests that need a replay to take a while: each person's commands are
 * decided by the domain's deciders in memory (so every event is one the policy allows) and each stream is
 * appended in one go, through the protection layer (personal fields sealed, as in production), with
 * synchronous=NORMAL, which a test file can afford. No command handler round trip per command.
 */

/** Decides `commands` one after the other on a fresh state; a refusal is a bug in the test's history. */
const decideAll = <C, E extends DomainEvent, S>(decider: Decider<C, E, S>, commands: readonly C[]): E[] => {
  let state = decider.initialState;
  const events: E[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, state);
    if (isLeft(decided)) throw new Error(`the bulk history was refused: ${decided.left.message}`);
    for (const event of decided.right) {
      events.push(event);
      state = decider.evolve(state, event);
    }
  }
  return events;
};

const append = async <E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  catalog: EventCatalog<E>,
  events: readonly E[],
  actor: Actor,
  occurredAt: string,
): Promise<void> => {
  const causationId = randomUUID();
  const newEvents: NewEvent[] = events.map((event) => {
    const encoded = catalog.encode(event);
    return {
      id: randomUUID(),
      type: encoded.type,
      schemaVersion: encoded.schemaVersion,
      data: encoded.data,
      metadata: { actor, correlationId: causationId, causationId, occurredAt, clauses: encoded.clauses },
    };
  });
  const result = await store.append(streamId, newEvents);
  if (isLeft(result)) throw new Error(`append to ${streamId} failed: ${result.left.kind}`);
};

/** Minute `i` of 2026 from 1 March on, so every person's story has instants of its own. */
const minute = (i: number, plus = 0): string =>
  new Date(Date.parse("2026-03-01T08:00:00Z") + (i * 7 + plus) * 60_000).toISOString();

/**
 * Writes the company register, then `people` business contacts, each with a rectification request
 * (received, identity verified, rectified, closed) and a newsletter consent (presented, given,
 * withdrawn): 8 events a person, on two streams, every read model but the breach ones fed.
 */
export const writeBulkHistory = async (files: LedgerFiles, people: number): Promise<void> => {
  const masterKey = randomBytes(32);
  writeFileSync(files.master, `${masterKey.toString("hex")}\n`);
  const ledger = openProtectedSqliteStore({
    path: files.db,
    keyPath: files.keys,
    personalFields: policyPersonalFields,
    masterKey,
    synchronous: "NORMAL",
  });
  try {
    const store = ledger.store;
    const newsletter: ProcessingRegisterEvent = {
      type: "ProcessingActivityRegistered",
      data: { activity: NEWSLETTER },
    };
    await append(
      store,
      PROCESSING_REGISTER_STREAM,
      processingRegisterCatalog,
      [...companyRegisterEvents, newsletter],
      { id: "emp-cto", roles: ["CTO", "management"] },
      minute(0),
    );
    const register = companyRegister([newsletter]);
    const subjects = dataSubjectDecider({ register });
    const consents = consentDecider({ register, legalEntityId: "kvk-12345678" });
    for (let i = 1; i <= people; i++) {
      const subjectId = `subj-bulk-${i}`;
      const requestId = `req-bulk-${i}`;
      const asStaff = { actor: support, subjectId, requestId };
      await append(
        store,
        dataSubjectStreamId(subjectId),
        dataSubjectCatalog,
        decideAll(subjects, [
          {
            kind: "RegisterBusinessContact",
            actor: sales,
            subjectId,
            clientOrganisationId: `org-${i % 40}`,
            role: "it",
            companyName: `Client ${i % 40} B.V.`,
            activityId: "act-relationship",
            legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
            name: `Person ${i}`,
            jobTitle: "IT manager",
            businessEmail: `person.${i}@client.example`,
          },
          {
            ...asStaff,
            kind: "ReceiveRightsRequest",
            right: "rectification",
            channel: "email",
            receivedAt: minute(i, 1),
          },
          { ...asStaff, kind: "VerifyIdentity", at: minute(i, 2), proof: "replyFromRegisteredAddress" },
          { ...asStaff, kind: "RectifyData", at: minute(i, 3), corrections: { contactJobTitle: "CIO" } },
          {
            ...asStaff,
            kind: "CloseRequest",
            at: minute(i, 4),
            outcome: "granted",
            communicatedBy: "email",
          },
        ]),
        support,
        minute(i, 4),
      );
      const self: Actor = { id: subjectId, roles: [] };
      await append(
        store,
        consentStreamId(subjectId),
        consentCatalog,
        decideAll(consents, [
          {
            kind: "PresentConsentRequest",
            actor: mailer,
            subjectId,
            noticeVersionId: "notice-newsletter-v1",
            purposes: ["marketing.newsletter"],
            presentedAt: minute(i, 5),
            channel: "webForm",
          },
          {
            kind: "GiveConsent",
            actor: self,
            subjectId,
            consentId: `cons-bulk-${i}`,
            purpose: "marketing.newsletter",
            activityId: NEWSLETTER.activityId,
            subjectCategory: "newsletterSubscriber",
            noticeVersionId: "notice-newsletter-v1",
            givenAt: minute(i, 5),
            channel: "webForm",
            preTicked: false,
            bundledWithContract: false,
            name: `Person ${i}`,
            email: `person.${i}@home.example`,
          },
          {
            kind: "WithdrawConsent",
            actor: self,
            subjectId,
            purpose: "marketing.newsletter",
            withdrawnAt: minute(i, 6),
            channel: "webForm",
          },
        ]),
        self,
        minute(i, 6),
      );
    }
  } finally {
    await ledger.close();
  }
};
