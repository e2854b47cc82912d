import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import {
  type BreachCommand,
  breachCatalog,
  breachIncidentDecider,
  breachStreamId,
  consentCatalog,
  consentDecider,
  consentStreamId,
  dataSubjectCatalog,
  dataSubjectDecider,
  dataSubjectStreamId,
  PRIVACY_POLICY_STREAM,
  PROCESSING_REGISTER_STREAM,
  type ProcessingActivity,
  type ProcessingRegisterCommand,
  type ProcessingRegisterEvent,
  type ProcessingRegisterState,
  policyPersonalFields,
  privacyPolicyCatalog,
  privacyPolicyDecider,
  processingRegister,
  processingRegisterCatalog,
} from "@privacy-ledger/domain";
import { companyRegisterEvents, HOSTING_PROCESSOR_ID } from "@privacy-ledger/domain/testing";
import {
  type Actor,
  type Clock,
  commandHandler,
  type Decider,
  type DomainEvent,
  type EventCatalog,
  type EventStore,
  eraseSubject,
  uuidFromName,
} from "@privacy-ledger/eventsourcing";
import { openProtectedSqliteStore } from "@privacy-ledger/store-sqlite";
import { isLeft } from "fp-ts/lib/Either.js";

/*
 * The company's history as the CLI tests write it: a protected SQLite store (personal fields sealed, the
 * keys in ledger.keys.db beside it) written through the kernel's command handler by the domain's
 * deciders, on a clock the test moves. Every test starts from the same register and the same people, and
 * adds what it is about.
 */

export const ceo: Actor = { id: "emp-ceo", roles: ["CEO", "generalDirector", "management"] };
export const cto: Actor = { id: "emp-cto", roles: ["CTO", "management"] };
export const sales: Actor = { id: "emp-sales", roles: ["employee"] };
export const support: Actor = { id: "emp-support", roles: ["employee"] };
export const mailer: Actor = { id: "svc-mailer", roles: ["system"] };

/** The newsletter, on consent: the one activity the company register of the domain's tests lacks. */
export const NEWSLETTER: ProcessingActivity = {
  activityId: "act-newsletter",
  name: "Newsletters on consent",
  purposes: ["marketing.newsletter"],
  legalBasis: { kind: "consent" },
  dataCategories: ["name", "email"],
  subjectCategories: ["newsletterSubscriber"],
  recipientCategories: ["processor:hosting"],
  retention: {
    retentionClass: "marketing",
    trigger: "consentWithdrawnOrObjection",
    period: { amount: 0, unit: "months" },
  },
  clauses: ["P1.F.1", "P1.F.3"],
};

/** What the history holds in clear before sealing: none of it may reach a store, a report or a log. */
export const PERSONAL = [
  "Jan Jansen",
  "jan.jansen@acme.example",
  "Omar El Amrani",
  "omar@globex.example",
  "Anna de Vries",
  "anna.devries@acme.example",
  "IT manager",
  "Head of IT",
] as const;

export interface LedgerFiles {
  /** The event store file. */
  readonly db: string;
  /** The key store the protection layer keeps beside it. */
  readonly keys: string;
  /** The master key of the key store, as 64 hex digits (what `--master-key` reads). */
  readonly master: string;
}

export const ledgerFiles = (dir: string): LedgerFiles => ({
  db: `${dir}/ledger.db`,
  keys: `${dir}/ledger.keys.db`,
  master: `${dir}/master.key`,
});

/** A test's pen on the ledger: the store, its clock, and the deciders' command handlers. */
export interface CompanyWriter {
  readonly store: EventStore;
  /** Moves the clock to `iso` and returns it, so a command's instant and its recordedAt agree. */
  readonly at: (iso: string) => string;
  readonly register: ProcessingRegisterState;
  readonly subjects: Run<typeof dataSubjectDecider>;
  readonly consents: Run<typeof consentDecider>;
  readonly breaches: Run<typeof breachIncidentDecider>;
  /** Command handlers for any other decider of the domain. */
  readonly handler: <C extends { readonly actor: Actor }, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    catalog: EventCatalog<E>,
  ) => (streamId: string, command: C) => Promise<S>;
  /** Crypto-shreds one class of a subject's data, as the retention run or an erasure request does. */
  readonly erase: (subjectId: string, retentionClass: string) => Promise<void>;
}

type Run<F> = F extends (...args: never[]) => Decider<infer C, infer _E, infer S>
  ? (streamId: string, command: C) => Promise<S>
  : never;

/** The command that records each event of the domain's company register, so the deciders check them. */
const registerCommand = (event: ProcessingRegisterEvent): ProcessingRegisterCommand => {
  switch (event.type) {
    case "ProcessingActivityRegistered":
      return { kind: "RegisterProcessingActivity", actor: cto, activity: event.data.activity };
    case "ProcessorRegistered":
      return { kind: "RegisterProcessor", actor: cto, ...event.data };
    case "ConfidentialityCommitmentRecorded":
      return { kind: "RecordConfidentialityCommitment", actor: cto, ...event.data };
    default:
      throw new Error(`the company register holds an event the CLI tests do not record: ${event.type}`);
  }
};

/**
 * Writes the company's history into `files.db` (a new file): the register of processing activities (the
 * domain's company register and the newsletter) and two business contacts, Jan and Omar, at Acme; then
 * `more`. Commands start on 2026-03-02 09:00Z; `more` moves the clock with `at`.
 */
export const writeCompanyHistory = async (
  files: LedgerFiles,
  more: (writer: CompanyWriter) => Promise<void>,
): Promise<void> => {
  const masterKey = randomBytes(32);
  writeFileSync(files.master, `${masterKey.toString("hex")}\n`);
  let now = new Date("2026-03-02T09:00:00Z");
  const clock: Clock = { now: () => now };
  const ledger = openProtectedSqliteStore({
    path: files.db,
    keyPath: files.keys,
    personalFields: policyPersonalFields,
    masterKey,
    clock,
  });
  let sequence = 0;
  const handler = <C extends { readonly actor: Actor }, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    catalog: EventCatalog<E>,
  ) => {
    const handle = commandHandler({
      store: ledger.store,
      decider,
      catalog,
      clock,
      actorOf: (command) => command.actor,
    });
    return async (streamId: string, command: C): Promise<S> => {
      sequence += 1;
      const result = await handle(streamId, {
        command,
        actor: command.actor,
        commandId: uuidFromName(`cli-history/${sequence}`),
      });
      if (isLeft(result)) throw new Error(`refused: ${result.left.message}`);
      return result.right.state;
    };
  };
  try {
    const registerOf = handler(processingRegister, processingRegisterCatalog);
    let register: ProcessingRegisterState | undefined;
    for (const event of companyRegisterEvents)
      register = await registerOf(PROCESSING_REGISTER_STREAM, registerCommand(event));
    register = await registerOf(PROCESSING_REGISTER_STREAM, {
      kind: "RegisterProcessingActivity",
      actor: cto,
      activity: NEWSLETTER,
    });
    const subjects = handler(dataSubjectDecider({ register }), dataSubjectCatalog);
    for (const [subjectId, name, email] of [
      ["subj-jan", "Jan Jansen", "jan.jansen@acme.example"],
      ["subj-omar", "Omar El Amrani", "omar@globex.example"],
    ] as const)
      await subjects(dataSubjectStreamId(subjectId), {
        kind: "RegisterBusinessContact",
        actor: sales,
        subjectId,
        clientOrganisationId: "org-acme",
        role: "it",
        companyName: "Acme B.V.",
        activityId: "act-relationship",
        legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
        name,
        jobTitle: "IT manager",
        businessEmail: email,
      });
    await more({
      store: ledger.store,
      at: (iso) => {
        now = new Date(iso);
        return iso;
      },
      register,
      subjects,
      consents: handler(consentDecider({ register, legalEntityId: "kvk-12345678" }), consentCatalog),
      breaches: handler(breachIncidentDecider(), breachCatalog),
      handler,
      erase: async (subjectId, retentionClass) => {
        const erased = await eraseSubject(
          { store: ledger.store, keyStore: ledger.keys, keyCache: ledger.store.keys, clock },
          { subjectId, retentionClass, reason: "data-subject-request", actor: cto },
        );
        if (isLeft(erased)) throw new Error(erased.left.message);
      },
    });
  } finally {
    await ledger.close();
  }
};

/** Jan asks to have his job title corrected: received, identity verified, rectified, closed in 3 hours. */
export const janRectifies = async ({ subjects, at }: CompanyWriter): Promise<void> => {
  const jan = dataSubjectStreamId("subj-jan");
  const requestId = "req-jan-rectification";
  const subjectId = "subj-jan";
  await subjects(jan, {
    kind: "ReceiveRightsRequest",
    actor: support,
    subjectId,
    requestId,
    right: "rectification",
    channel: "email",
    receivedAt: at("2026-06-08T09:00:00Z"),
  });
  await subjects(jan, {
    kind: "VerifyIdentity",
    actor: support,
    subjectId,
    requestId,
    at: at("2026-06-08T11:00:00Z"),
    proof: "replyFromRegisteredAddress",
  });
  await subjects(jan, {
    kind: "RectifyData",
    actor: support,
    subjectId,
    requestId,
    at: at("2026-06-08T11:30:00Z"),
    corrections: { contactJobTitle: "Head of IT" },
  });
  await subjects(jan, {
    kind: "CloseRequest",
    actor: support,
    subjectId,
    requestId,
    at: at("2026-06-08T12:00:00Z"),
    outcome: "granted",
    communicatedBy: "email",
  });
};

/** Anna is shown the newsletter notice on the web form and subscribes, by her own hand. */
export const annaSubscribes = async ({ consents, at }: CompanyWriter): Promise<void> => {
  const anna = consentStreamId("subj-anna");
  await consents(anna, {
    kind: "PresentConsentRequest",
    actor: mailer,
    subjectId: "subj-anna",
    noticeVersionId: "notice-newsletter-v1",
    purposes: ["marketing.newsletter"],
    presentedAt: at("2026-04-01T08:00:00Z"),
    channel: "webForm",
  });
  await consents(anna, {
    kind: "GiveConsent",
    actor: { id: "subj-anna", roles: [] },
    subjectId: "subj-anna",
    consentId: "cons-anna-1",
    purpose: "marketing.newsletter",
    activityId: NEWSLETTER.activityId,
    subjectCategory: "newsletterSubscriber",
    noticeVersionId: "notice-newsletter-v1",
    givenAt: at("2026-04-01T08:01:00Z"),
    channel: "webForm",
    preTicked: false,
    bundledWithContract: false,
    name: "Anna de Vries",
    email: "anna.devries@acme.example",
  });
};

/** Omar's name and business e-mail go to the hosting processor (a disclosure, Art. 30(1)(d)). */
export const omarDisclosedToHosting = async ({ subjects, at }: CompanyWriter): Promise<void> => {
  await subjects(dataSubjectStreamId("subj-omar"), {
    kind: "RecordDisclosure",
    actor: sales,
    subjectId: "subj-omar",
    recipient: { kind: "processor", processorId: HOSTING_PROCESSOR_ID },
    dataCategories: ["name", "businessEmail"],
    disclosedAt: at("2026-03-20T10:05:00Z"),
    activityId: "act-relationship",
    purpose: "relationship.management",
    subjectCategory: "businessContact",
  });
};

/** inc-1: a serious breach, escalated to the CEO, decided by CEO and CTO, notified 17.5 hours after awareness. */
export const seriousBreach = async ({ breaches, at }: CompanyWriter): Promise<void> => {
  const incident = "inc-1";
  // The CTO acts unless the step names another actor.
  const step = (
    iso: string,
    command: { readonly kind: BreachCommand["kind"]; readonly [field: string]: unknown },
  ) =>
    breaches(breachStreamId(incident), {
      actor: cto,
      incidentId: incident,
      at: at(iso),
      ...command,
    } as BreachCommand);
  await step("2026-06-19T15:10:00Z", {
    kind: "ReportPossibleBreach",
    actor: support,
    description: "Nightly backup bucket found readable without authentication",
    systems: ["backup-storage"],
  });
  await step("2026-06-19T15:40:00Z", { kind: "StartInvestigation" });
  await step("2026-06-19T17:00:00Z", {
    kind: "EstablishAwareness",
    awareAt: "2026-06-19T16:30:00Z",
    rationale: "Access logs show two downloads of the backup from an unknown network",
  });
  await step("2026-06-19T17:06:00Z", {
    kind: "ClassifySeverity",
    severity: "serious",
    rationale: "Contact data of many clients' staff, downloaded",
  });
  await step("2026-06-19T17:30:00Z", {
    kind: "AssessRisk",
    risk: "high",
    rationale: "Business contact details usable for targeted phishing",
  });
  await step("2026-06-19T17:50:00Z", { kind: "InformCEO" });
  await step("2026-06-19T18:00:00Z", {
    kind: "ProposeDecision",
    decisionId: "dec-ap",
    about: "notifyAuthority",
    proposal: "Notify the AP today",
  });
  await step("2026-06-19T18:10:00Z", { kind: "ApproveDecision", decisionId: "dec-ap", as: "CTO" });
  await step("2026-06-19T18:20:00Z", {
    kind: "ApproveDecision",
    actor: ceo,
    decisionId: "dec-ap",
    as: "CEO",
  });
  await step("2026-06-20T10:00:00Z", {
    kind: "NotifyAuthority",
    decisionId: "dec-ap",
    authorityReference: "AP-2026-06-4411",
    contents: {
      nature: "Unauthorised read access to a backup of the client database",
      approximateSubjects: 140,
      approximateRecords: 600,
      contactPoint: "CTO, privacy desk",
      likelyConsequences: "Phishing aimed at business contacts",
      measures: "Bucket closed, credentials rotated, contacts warned",
    },
    phased: false,
  });
};

/** A material policy version announced to both clients before it took effect, and the D2 override. */
export const policyChange = async ({ handler, at }: CompanyWriter): Promise<void> => {
  const policy = handler(
    privacyPolicyDecider({ currentClients: new Set(["org-acme", "org-globex"]) }),
    privacyPolicyCatalog,
  );
  await policy(PRIVACY_POLICY_STREAM, {
    kind: "PublishPolicyVersion",
    actor: cto,
    versionId: "policy-2026-10",
    publishedAt: at("2026-09-01T08:00:00Z"),
    effectiveFrom: "2026-10-01T00:00:00Z",
    material: true,
    changes: ["Backups are now kept in a second EU region (P5.1)"],
    addsPurposes: [],
  });
  await policy(PRIVACY_POLICY_STREAM, {
    kind: "AnnouncePolicyChange",
    actor: cto,
    versionId: "policy-2026-10",
    announcedAt: at("2026-09-01T09:00:00Z"),
    channel: "serviceNotice",
    clientsNotified: ["org-acme", "org-globex"],
  });
  await policy(PRIVACY_POLICY_STREAM, {
    kind: "OverrideTrackingBasis",
    actor: cto,
    liaRef: "LIA-2026-07",
    reason: "Opens measured to tune sending times",
    at: at("2026-09-15T09:00:00Z"),
  });
  await policy(PRIVACY_POLICY_STREAM, {
    kind: "PutPolicyVersionIntoEffect",
    actor: cto,
    versionId: "policy-2026-10",
    at: at("2026-10-01T00:00:00Z"),
  });
};
