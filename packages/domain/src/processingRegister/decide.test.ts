import type { Actor } from "@privacy-ledger/eventsourcing";
import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, expect, it } from "vitest";
import type { LegalBasis } from "../shared/legalBasis.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import type { ProcessingRegisterCommand, RegisterProcessor } from "./commands.js";
import { processingRegister, processingRegisterDecider } from "./decide.js";
import type { ProcessingRegisterEvent } from "./events.js";
import {
  CLASS_TRIGGERS,
  type ProcessingActivity,
  type ProcessingAgreement,
  type RetentionRule,
  type RetentionTrigger,
} from "./records.js";

const cto: Actor = { id: "actor-cto", roles: ["CTO", "management"] };
const dpo: Actor = { id: "actor-dpo", roles: ["dpo"] };
const ceo: Actor = { id: "actor-ceo", roles: ["CEO", "generalDirector", "management"] };
const employee: Actor = { id: "actor-emp", roles: ["employee"] };

const spec = deciderSpecification(processingRegister);

/** P1.B, P2.1, P4.1: user accounts of a subscription, kept until six months after it ends (backups). */
const userAccounts: ProcessingActivity = {
  activityId: "act-user-accounts",
  name: "User accounts of subscriptions",
  purposes: ["subscription.toolAccess"],
  legalBasis: { kind: "contract" },
  dataCategories: ["businessEmail", "firstName", "lastName"],
  subjectCategories: ["user"],
  recipientCategories: ["processor:hosting"],
  retention: {
    retentionClass: "contract",
    trigger: "subscriptionEnded",
    period: { amount: 6, unit: "months" },
  },
  clauses: ["P1.B.1", "P1.B.3", "P1.B.4", "P2.1", "P4.1"],
};

/** P1.D.3, P2.2: invoices kept seven years after they leave the current administration. */
const invoicing: ProcessingActivity = {
  activityId: "act-invoicing",
  name: "Invoicing and fiscal records",
  purposes: ["billing.invoice", "billing.fiscalRetention"],
  legalBasis: { kind: "legalObligation", provision: "AWR art. 52" },
  dataCategories: ["businessEmail", "paymentHistory"],
  subjectCategories: ["clientContact"],
  recipientCategories: ["taxAuthority"],
  retention: {
    retentionClass: "fiscal",
    trigger: "leftCurrentAdministration",
    period: { amount: 7, unit: "years" },
  },
  clauses: ["P1.D.3", "P2.2"],
};

/** P1.B.2, P2.3: usage logs on legitimate interest. */
const usageMonitoring: ProcessingActivity = {
  activityId: "act-usage",
  name: "Usage monitoring",
  purposes: ["product.improve"],
  legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
  dataCategories: ["usageLog"],
  subjectCategories: ["user"],
  recipientCategories: [],
  retention: {
    retentionClass: "contract",
    trigger: "subscriptionEnded",
    period: { amount: 0, unit: "months" },
  },
  clauses: ["P1.B.2", "P2.3"],
};

/** P1.E, P4.2: relationship data kept while the contact is employed at the client. */
const relationship: ProcessingActivity = {
  activityId: "act-relationship",
  name: "Business relationship contacts",
  purposes: ["relationship.quotes"],
  legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
  dataCategories: ["employeeName", "function", "businessPhone"],
  subjectCategories: ["businessContact"],
  recipientCategories: ["staff"],
  retention: {
    retentionClass: "relationship",
    trigger: "contactEmploymentEnded",
    condition: "as long as the contact is employed at the business relation",
  },
  clauses: ["P1.E.2", "P1.E.3", "P4.2"],
};

const registered = (activity: ProcessingActivity): ProcessingRegisterEvent => ({
  type: "ProcessingActivityRegistered",
  data: { activity },
});
const register = (activity: ProcessingActivity, actor: Actor = cto): ProcessingRegisterCommand => ({
  kind: "RegisterProcessingActivity",
  actor,
  activity,
});
const withBasis = (legalBasis: LegalBasis): ProcessingActivity => ({ ...invoicing, legalBasis });
const withRetention = (retention: RetentionRule): ProcessingActivity => ({ ...userAccounts, retention });

const signed: ProcessingAgreement = {
  reference: "DPA-HOST-2025",
  signedAt: "2025-03-01",
  confidentiality: true,
};
const hosting: Omit<RegisterProcessor, "actor" | "kind"> = {
  processorId: "proc-hosting",
  name: "Hosting B.V.",
  service: "cloud hosting",
  country: "NL",
  agreement: signed,
  activeForDisclosure: true,
  subProcessors: [
    { subProcessorId: "sub-backup", name: "Backup GmbH", service: "off-site backup", country: "DE" },
  ],
};
const registerProcessor = (fields: Partial<RegisterProcessor> = {}): RegisterProcessor => ({
  kind: "RegisterProcessor",
  actor: cto,
  ...hosting,
  ...fields,
});
const processorRegistered = (fields: Partial<RegisterProcessor> = {}): ProcessingRegisterEvent => {
  const { kind: _kind, actor: _actor, ...data } = registerProcessor(fields);
  return { type: "ProcessorRegistered", data };
};

describe("ProcessingRegister, D1, GDPR Art. 30: processing activities", () => {
  it("P2.1, INV-01, GDPR Art. 6(1)(b), Art. 30(1): the CTO registers an activity on the contract basis", () =>
    spec
      .given([])
      .when(register(userAccounts))
      .thenEvents([registered(userAccounts)]));

  it("P2.2, INV-02, GDPR Art. 6(1)(c): a legal-obligation basis that cites its provision is registered", () =>
    spec
      .given([])
      .when(register(invoicing))
      .thenEvents([registered(invoicing)]));

  it("P2.2, INV-02, GDPR Art. 6(1)(c): a legal-obligation basis that cites no provision is refused", () =>
    spec
      .given([])
      .when(register(withBasis({ kind: "legalObligation", provision: "  " })))
      .thenRejects({ rule: "INV-02", clause: "P2.2" }));

  it("P2.3, INV-02, GDPR Art. 6(1)(f): a legitimate-interest basis with its LIA reference is registered", () =>
    spec
      .given([])
      .when(register(usageMonitoring))
      .thenEvents([registered(usageMonitoring)]));

  it("P2.3, INV-02, GDPR Art. 6(1)(f): a legitimate-interest basis without an LIA reference is refused", () =>
    spec
      .given([])
      .when(register(withBasis({ kind: "legitimateInterest", liaRef: "" })))
      .thenRejects({ rule: "INV-02", clause: "P2.3", article: "Art. 6(1)(f), Art. 5(2)" }));

  it("P1.F.3, GDPR Art. 6(1)(a): a consent-based activity is registered (the consents live in Consent)", () => {
    const newsletter: ProcessingActivity = {
      ...relationship,
      activityId: "act-newsletter",
      legalBasis: { kind: "consent" },
      retention: {
        retentionClass: "marketing",
        trigger: "consentWithdrawnOrObjection",
        period: { amount: 0, unit: "months" },
      },
    };
    spec
      .given([])
      .when(register(newsletter))
      .thenEvents([registered(newsletter)]);
  });

  it("P2, INV-01, GDPR Art. 30(1)(b)-(c): an activity without purposes or categories is refused", () => {
    spec
      .given([])
      .when(register({ ...userAccounts, purposes: [] }))
      .thenRejects({ rule: "INV-01", clause: "P2" });
    spec
      .given([])
      .when(register({ ...userAccounts, dataCategories: [] }))
      .thenRejects({ rule: "INV-01", clause: "P2" });
    spec
      .given([])
      .when(register({ ...userAccounts, subjectCategories: [""] }))
      .thenRejects({ rule: "INV-01" });
    spec
      .given([])
      .when(register({ ...userAccounts, name: " " }))
      .thenRejects({ rule: "INV-01" });
  });

  it("P2, REG-DUPLICATE-ID: an activity id is registered once", () =>
    spec
      .given([registered(userAccounts)])
      .when(register(userAccounts))
      .thenRejects({ rule: "REG-DUPLICATE-ID", clause: "P2" }));
});

describe("ProcessingRegister, P4, GDPR Art. 5(1)(e), Art. 30(1)(f): retention rules", () => {
  it("P4.1, INV-28: client data kept until six months after the subscription ends (backups) are accepted", () =>
    spec
      .given([])
      .when(register(userAccounts))
      .thenEvents([registered(userAccounts)]));

  it("P4.1, INV-28: client data kept seven months after the subscription ends are refused", () =>
    spec
      .given([])
      .when(register(withRetention({ ...userAccounts.retention, period: { amount: 7, unit: "months" } })))
      .thenRejects({ rule: "INV-28", clause: "P4.1", article: "Art. 5(1)(e)" }));

  it("P4.1, INV-28: client data with only an open-ended condition after the subscription are refused", () =>
    spec
      .given([])
      .when(
        register(
          withRetention({
            retentionClass: "contract",
            trigger: "subscriptionEnded",
            condition: "later",
          }),
        ),
      )
      .thenRejects({ rule: "INV-28", clause: "P4.1" }));

  it("P4.2, INV-27: relationship data kept as long as the contact is employed (a condition) are accepted", () =>
    spec
      .given([])
      .when(register(relationship))
      .thenEvents([registered(relationship)]));

  it("P4.2, INV-27: a rule with neither a period nor a condition is refused", () =>
    spec
      .given([])
      .when(
        register({
          ...relationship,
          retention: { retentionClass: "relationship", trigger: "contactEmploymentEnded" },
        }),
      )
      .thenRejects({ rule: "INV-27", clause: "P4.2" }));

  it("P4, INV-27: a rule without a retention class or with a negative or fractional period is refused", () => {
    const base: RetentionRule = {
      retentionClass: "training",
      trigger: "trainingHeld",
      period: { amount: 12, unit: "months" },
    };
    spec
      .given([])
      .when(register(withRetention({ ...base, retentionClass: "newsletter" as RetentionClass })))
      .thenRejects({ rule: "INV-27", clause: "P4" });
    spec
      .given([])
      .when(register(withRetention({ ...base, period: { amount: -1, unit: "months" } })))
      .thenRejects({ rule: "INV-27" });
    spec
      .given([])
      .when(register(withRetention({ ...base, period: { amount: 1.5, unit: "years" } })))
      .thenRejects({ rule: "INV-27" });
  });

  it("P4, INV-27, GDPR Art. 30(1)(f): a rule whose trigger is not its class's is refused, naming both", () => {
    // Contract data on a case's closing, ten years: not even INV-28 would see it (it reads the trigger).
    const contractOnCase = spec
      .given([])
      .when(
        register(
          withRetention({
            retentionClass: "contract",
            trigger: "caseClosed",
            period: { amount: 10, unit: "years" },
          }),
        ),
      )
      .thenRejects({ rule: "INV-27", clause: "P4", article: "Art. 5(1)(e), Art. 30(1)(f)" });
    expect(contractOnCase.message).toContain("contract");
    expect(contractOnCase.message).toContain("subscriptionEnded");
    expect(contractOnCase.message).toContain("caseClosed");
    // Fiscal records on a training, a year: not even INV-11 would see it.
    const fiscalOnTraining = spec
      .given([])
      .when(
        register({
          ...invoicing,
          retention: {
            retentionClass: "fiscal",
            trigger: "trainingHeld",
            period: { amount: 1, unit: "years" },
          },
        }),
      )
      .thenRejects({ rule: "INV-27", clause: "P4" });
    expect(fiscalOnTraining.message).toContain("leftCurrentAdministration");
    expect(fiscalOnTraining.message).toContain("trainingHeld");
  });

  it("P4, INV-27: an amendment to a rule on another class's trigger is refused too", () =>
    spec
      .given([registered(relationship)])
      .when({
        kind: "AmendProcessingActivity",
        actor: cto,
        activity: { ...relationship, retention: { ...relationship.retention, trigger: "subscriptionEnded" } },
        reason: "wrong trigger",
      })
      .thenRejects({ rule: "INV-27", clause: "P4" }));

  it.each(Object.entries(CLASS_TRIGGERS) as [RetentionClass, RetentionTrigger][])(
    "P4, INV-27: a %s rule on its own trigger (%s) is accepted",
    (retentionClass, trigger) => {
      const activity = withRetention({
        retentionClass,
        trigger,
        period: retentionClass === "fiscal" ? { amount: 7, unit: "years" } : { amount: 6, unit: "months" },
      });
      spec
        .given([])
        .when(register(activity))
        .thenEvents([registered(activity)]);
    },
  );

  it("P1.D.3, INV-11, AWR art. 52(4): fiscal records kept seven years are accepted, six years refused", () => {
    spec
      .given([])
      .when(register(invoicing))
      .thenEvents([registered(invoicing)]);
    spec
      .given([])
      .when(
        register({
          ...invoicing,
          retention: { ...invoicing.retention, period: { amount: 6, unit: "years" } },
        }),
      )
      .thenRejects({ rule: "INV-11", clause: "P1.D.3" });
  });
});

describe("ProcessingRegister, P2: amending and retiring activities", () => {
  const amended: ProcessingActivity = {
    ...userAccounts,
    dataCategories: [...userAccounts.dataCategories, "passwordHash"],
  };

  it("P2, INV-01: an amendment records the whole new entry and its reason", () =>
    spec
      .given([registered(userAccounts)])
      .when({
        kind: "AmendProcessingActivity",
        actor: cto,
        activity: amended,
        reason: "password hash stored",
      })
      .thenEvents([
        { type: "ProcessingActivityAmended", data: { activity: amended, reason: "password hash stored" } },
      ]));

  it("P2, REG-UNKNOWN-ID: an activity that is not in the register cannot be amended", () =>
    spec
      .given([])
      .when({ kind: "AmendProcessingActivity", actor: cto, activity: amended, reason: "r" })
      .thenRejects({ rule: "REG-UNKNOWN-ID", clause: "P2" }));

  it("P2, REG-RETIRED: a retired activity cannot be amended", () =>
    spec
      .given([
        registered(userAccounts),
        {
          type: "ProcessingActivityRetired",
          data: { activityId: userAccounts.activityId, reason: "tool sunset" },
        },
      ])
      .when({ kind: "AmendProcessingActivity", actor: cto, activity: amended, reason: "r" })
      .thenRejects({ rule: "REG-RETIRED", clause: "P2" }));

  it("P2.3, INV-02: an amendment that drops the LIA reference is refused", () =>
    spec
      .given([registered(usageMonitoring)])
      .when({
        kind: "AmendProcessingActivity",
        actor: cto,
        activity: { ...usageMonitoring, legalBasis: { kind: "legitimateInterest", liaRef: "" } },
        reason: "r",
      })
      .thenRejects({ rule: "INV-02", clause: "P2.3" }));

  it("P2, INV-01: retiring an activity records it; retiring it again changes nothing", () => {
    const retired: ProcessingRegisterEvent = {
      type: "ProcessingActivityRetired",
      data: { activityId: userAccounts.activityId, reason: "tool sunset" },
    };
    const retire: ProcessingRegisterCommand = {
      kind: "RetireProcessingActivity",
      actor: cto,
      activityId: userAccounts.activityId,
      reason: "tool sunset",
    };
    spec
      .given([registered(userAccounts)])
      .when(retire)
      .thenEvents([retired]);
    spec
      .given([registered(userAccounts), retired])
      .when(retire)
      .thenNothingHappens();
  });

  it("P2, REG-UNKNOWN-ID: an activity that is not in the register cannot be retired", () =>
    spec
      .given([])
      .when({ kind: "RetireProcessingActivity", actor: cto, activityId: "act-none", reason: "r" })
      .thenRejects({ rule: "REG-UNKNOWN-ID" }));
});

describe("ProcessingRegister, P8.1, GDPR Art. 24(1), Art. 30(1): who keeps the register", () => {
  const everyCommand = (actor: Actor): readonly ProcessingRegisterCommand[] => [
    register(userAccounts, actor),
    { kind: "AmendProcessingActivity", actor, activity: userAccounts, reason: "r" },
    { kind: "RetireProcessingActivity", actor, activityId: userAccounts.activityId, reason: "r" },
    registerProcessor({ actor }),
    {
      kind: "RecordProcessingAgreement",
      actor,
      processorId: "proc-hosting",
      agreement: signed,
      activeForDisclosure: true,
    },
    {
      kind: "RecordSubProcessorChange",
      actor,
      processorId: "proc-hosting",
      change: "removed",
      subProcessor: hosting.subProcessors[0]!,
      notifiedAt: "2025-06-01",
    },
    {
      kind: "RecordConfidentialityCommitment",
      actor,
      commitmentId: "conf-staff",
      party: "employees",
      partnerOrganisation: null,
      instrument: "employment contract art. 12",
      effectiveFrom: "2024-01-01",
    },
    {
      kind: "RegisterStorageLocation",
      actor,
      locationId: "loc-ams",
      country: "NL",
      region: "AMS-3",
      processorId: null,
    },
  ];

  it.each([
    ["an employee", employee],
    ["the CEO (P8.1 names the CTO, not the CEO)", ceo],
    ["an actor without roles", { id: "actor-x", roles: [] }],
  ])("P8.1, ROLE-REGISTER: %s cannot change the register by any command", (_who, actor) => {
    for (const command of everyCommand(actor))
      spec
        .given([registered(userAccounts)])
        .when(command)
        .thenRejects({ rule: "ROLE-REGISTER", clause: "P8.1" });
  });

  it("P8.1, ROLE-REGISTER, WP 243 §4.5: a designated DPO may keep the register", () =>
    spec
      .given([])
      .when(register(userAccounts, dpo))
      .thenEvents([registered(userAccounts)]));
});

describe("ProcessingRegister, P3.2, P3.3, GDPR Art. 28: processors and their agreements", () => {
  it("P3.2, P3.3, INV-24: a processor with a signed agreement is registered active for disclosure", () =>
    spec.given([]).when(registerProcessor()).thenEvents([processorRegistered()]));

  it("P3.3, INV-24, GDPR Art. 28(3): a processor without a signed agreement cannot be marked active", () =>
    spec
      .given([])
      .when(registerProcessor({ agreement: null }))
      .thenRejects({ rule: "INV-24", clause: "P3.3", article: "Art. 28(3)" }));

  it("P3.3, INV-24: a processor without an agreement may be registered inactive", () =>
    spec
      .given([])
      .when(registerProcessor({ agreement: null, activeForDisclosure: false }))
      .thenEvents([processorRegistered({ agreement: null, activeForDisclosure: false })]));

  it("P3.3, INV-24, GDPR Art. 28(3)(b): an agreement without a confidentiality term cannot activate a processor", () =>
    spec
      .given([])
      .when(registerProcessor({ agreement: { ...signed, confidentiality: false } }))
      .thenRejects({ rule: "INV-24", article: "Art. 28(3)(b)" }));

  it("P3.3, INV-24: an agreement without its reference or a valid signing date is refused, active or not", () => {
    spec
      .given([])
      .when(
        registerProcessor({ agreement: { ...signed, signedAt: "2025-02-30" }, activeForDisclosure: false }),
      )
      .thenRejects({ rule: "INV-24", clause: "P3.3" });
    spec
      .given([])
      .when(registerProcessor({ agreement: { ...signed, reference: "" } }))
      .thenRejects({ rule: "INV-24", clause: "P3.3" });
  });

  it("P3.2, REG-DUPLICATE-ID: a processor id is registered once", () =>
    spec
      .given([processorRegistered()])
      .when(registerProcessor())
      .thenRejects({ rule: "REG-DUPLICATE-ID", clause: "P3.2" }));

  it("P3.3, INV-24: recording the signed agreement activates a processor registered without one", () => {
    const command: ProcessingRegisterCommand = {
      kind: "RecordProcessingAgreement",
      actor: cto,
      processorId: "proc-hosting",
      agreement: signed,
      activeForDisclosure: true,
    };
    spec
      .given([processorRegistered({ agreement: null, activeForDisclosure: false })])
      .when(command)
      .thenEvents([
        {
          type: "ProcessingAgreementRecorded",
          data: { processorId: "proc-hosting", agreement: signed, activeForDisclosure: true },
        },
      ]);
    spec.given([]).when(command).thenRejects({ rule: "REG-UNKNOWN-ID", clause: "P3.3" });
    spec
      .given([processorRegistered({ agreement: null, activeForDisclosure: false })])
      .when({ ...command, agreement: { ...signed, confidentiality: false } })
      .thenRejects({ rule: "INV-24", article: "Art. 28(3)(b)" });
  });
});

describe("ProcessingRegister, P3.3, INV-25, GDPR Art. 28(2): sub-processor changes", () => {
  const cloudDb = {
    subProcessorId: "sub-db",
    name: "Database Oy",
    service: "managed database",
    country: "FI",
  };
  const change = (
    fields: Partial<Extract<ProcessingRegisterCommand, { kind: "RecordSubProcessorChange" }>> = {},
  ) =>
    ({
      kind: "RecordSubProcessorChange",
      actor: cto,
      processorId: "proc-hosting",
      change: "added",
      subProcessor: cloudDb,
      notifiedAt: "2025-06-01",
      ...fields,
    }) as const;

  it("P3.3, INV-25, GDPR Art. 28(2): a sub-processor added is recorded with the date the processor notified it", () =>
    spec
      .given([processorRegistered()])
      .when(change())
      .thenEvents([
        {
          type: "SubProcessorChangeRecorded",
          data: {
            processorId: "proc-hosting",
            change: "added",
            subProcessor: cloudDb,
            notifiedAt: "2025-06-01",
          },
        },
      ]));

  it("P3.3, INV-25, GDPR Art. 28(2): a change without a valid notification date is refused", () => {
    spec
      .given([processorRegistered()])
      .when(change({ notifiedAt: "" }))
      .thenRejects({ rule: "INV-25", clause: "P3.3" });
    spec
      .given([processorRegistered()])
      .when(change({ notifiedAt: "1 June 2025" }))
      .thenRejects({ rule: "INV-25" });
  });

  it("P5.1, INV-26, GDPR Art. 44 (onward transfers): a sub-processor added outside the EU/EEA is refused", () =>
    spec
      .given([processorRegistered()])
      .when(change({ subProcessor: { ...cloudDb, country: "US" } }))
      .thenRejects({ rule: "INV-26", clause: "P5.1", article: "Art. 44" }));

  it("P3.3, INV-25: a listed sub-processor is removed; an unlisted one cannot be, nor a listed one added twice", () => {
    const listed = hosting.subProcessors[0]!;
    spec
      .given([processorRegistered()])
      .when(change({ change: "removed", subProcessor: listed }))
      .thenEvents([
        {
          type: "SubProcessorChangeRecorded",
          data: {
            processorId: "proc-hosting",
            change: "removed",
            subProcessor: listed,
            notifiedAt: "2025-06-01",
          },
        },
      ]);
    spec
      .given([processorRegistered()])
      .when(change({ change: "removed" }))
      .thenRejects({ rule: "REG-UNKNOWN-ID" });
    spec
      .given([processorRegistered()])
      .when(change({ subProcessor: listed }))
      .thenRejects({ rule: "REG-DUPLICATE-ID" });
    spec.given([]).when(change()).thenRejects({ rule: "REG-UNKNOWN-ID", clause: "P3.3" });
  });
});

describe("ProcessingRegister, P3.1, INV-24, GDPR Arts. 29, 32(4): confidentiality of staff and partners", () => {
  const commitment = {
    kind: "RecordConfidentialityCommitment",
    actor: cto,
    commitmentId: "conf-partner",
    party: "partner",
    partnerOrganisation: "Implementation Partner B.V.",
    instrument: "partner agreement 2024-07 art. 9",
    effectiveFrom: "2024-07-01",
  } as const;
  const { kind: _kind, actor: _actor, ...recorded } = commitment;

  it("P3.1, INV-24: a partner's confidentiality commitment is recorded with its instrument", () =>
    spec
      .given([])
      .when(commitment)
      .thenEvents([{ type: "ConfidentialityCommitmentRecorded", data: recorded }]));

  it("P3.1, INV-24: a partner commitment without the partner, instrument or date is refused", () => {
    spec
      .given([])
      .when({ ...commitment, partnerOrganisation: null })
      .thenRejects({ rule: "INV-24", clause: "P3.1" });
    spec
      .given([])
      .when({ ...commitment, instrument: "" })
      .thenRejects({ rule: "INV-24", clause: "P3.1" });
    spec
      .given([])
      .when({ ...commitment, effectiveFrom: "soon" })
      .thenRejects({ rule: "INV-24", clause: "P3.1" });
  });

  it("P3.1, INV-24: the staff commitment names no person and no partner", () =>
    spec
      .given([])
      .when({ ...commitment, party: "employees", partnerOrganisation: "Someone B.V." })
      .thenRejects({ rule: "INV-24", clause: "P3.1" }));

  it("P3.1, REG-DUPLICATE-ID: a commitment id is recorded once", () =>
    spec
      .given([{ type: "ConfidentialityCommitmentRecorded", data: recorded }])
      .when(commitment)
      .thenRejects({ rule: "REG-DUPLICATE-ID", clause: "P3.1" }));
});

describe("ProcessingRegister, P5.1, INV-26, GDPR Art. 44: processing and storage within the EU", () => {
  const location = {
    kind: "RegisterStorageLocation",
    actor: cto,
    locationId: "loc-fra",
    country: "DE",
    region: "eu-central-1",
    processorId: "proc-hosting",
  } as const;
  const { kind: _kind, actor: _actor, ...stored } = location;

  it("P5.1, INV-26: a storage location in the EU, run by a registered processor, is recorded", () =>
    spec
      .given([processorRegistered()])
      .when(location)
      .thenEvents([{ type: "StorageLocationRegistered", data: stored }]));

  it("P5.1, INV-26, GDPR Art. 44: a storage location outside the EU/EEA is refused", () =>
    spec
      .given([processorRegistered()])
      .when({ ...location, country: "US", region: "us-east-1" })
      .thenRejects({ rule: "INV-26", clause: "P5.1", article: "Art. 44" }));

  it("P5.1, INV-26: a country is an exact ISO 3166-1 alpha-2 code; 'de' or 'DEU' is refused, not guessed", () => {
    spec
      .given([processorRegistered()])
      .when({ ...location, country: "de" })
      .thenRejects({ rule: "INV-26" });
    spec
      .given([processorRegistered()])
      .when({ ...location, country: "DEU" })
      .thenRejects({ rule: "INV-26" });
  });

  it("P5.1, REG-UNKNOWN-ID, REG-DUPLICATE-ID: the location's processor must be registered; an id is used once", () => {
    spec.given([]).when(location).thenRejects({ rule: "REG-UNKNOWN-ID", clause: "P5.1" });
    spec
      .given([processorRegistered(), { type: "StorageLocationRegistered", data: stored }])
      .when(location)
      .thenRejects({ rule: "REG-DUPLICATE-ID", clause: "P5.1" });
  });

  it("P5.1, INV-26, GDPR Art. 44: a processor located outside the EU/EEA is refused", () =>
    spec
      .given([])
      .when(registerProcessor({ country: "US" }))
      .thenRejects({ rule: "INV-26", clause: "P5.1", article: "Art. 44" }));

  it("P5.1, INV-26, GDPR Art. 44 (onward transfers): a processor with a sub-processor outside the EU/EEA is refused", () =>
    spec
      .given([])
      .when(registerProcessor({ subProcessors: [{ ...hosting.subProcessors[0]!, country: "IN" }] }))
      .thenRejects({ rule: "INV-26", clause: "P5.1" }));

  it("P5.1, INV-26: Norway (EEA) is accepted by default and refused when the company holds to the letter, 'EU'", () => {
    spec
      .given([])
      .when(registerProcessor({ country: "NO" }))
      .thenEvents([processorRegistered({ country: "NO" })]);
    deciderSpecification(processingRegisterDecider({ territory: "EU" }))
      .given([])
      .when(registerProcessor({ country: "NO" }))
      .thenRejects({ rule: "INV-26", clause: "P5.1" });
  });
});
