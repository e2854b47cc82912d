import { type Actor, erased } from "@privacy-ledger/eventsourcing";
import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { NO_RESTRICTIONS } from "../shared/restrictions.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import { companyRegister } from "../testing/companyRegister.js";
import type {
  AddUser,
  IssueInvoice,
  RecordUsage,
  RequestSubscription,
  SubscriptionCommand,
} from "./commands.js";
import { subscriptionDecider } from "./decide.js";
import type { SubscriptionEvent } from "./events.js";
import { evolveSubscription, initialSubscriptionState } from "./state.js";

const admin: Actor = { id: "actor-admin-1", roles: ["clientAdministrator"] };
const adminElsewhere: Actor = { id: "actor-admin-9", roles: ["clientAdministrator"] };
const employee: Actor = { id: "actor-emp", roles: ["employee"] };

const subscription = subscriptionDecider({ register: companyRegister(), restrictions: NO_RESTRICTIONS });
const spec = deciderSpecification(subscription);

const request: RequestSubscription = {
  kind: "RequestSubscription",
  actor: employee,
  subscriptionId: "sub-1",
  channel: "email",
  receivedAt: "2026-01-15T09:30:00Z",
  requesterSubjectId: "subj-req-1",
  clientOrganisationId: "org-1",
  serviceType: "tool-pro",
  requiredData: ["organisationName", "contactName", "contactEmail"],
  data: { organisationName: "Acme B.V.", contactName: "Jan Jansen", contactEmail: "jan@acme.example" },
  clientAdministratorIds: [admin.id],
  activityId: "act-subscription",
};
const requested = (fields: Partial<RequestSubscription> = {}): SubscriptionEvent => {
  const { kind: _kind, actor: _actor, data, ...rest } = { ...request, ...fields };
  return {
    type: "SubscriptionRequested",
    data: {
      ...rest,
      ...data,
      purpose: "subscription.service",
      legalBasis: { kind: "contract" },
      required: true,
    },
  };
};
const activated: SubscriptionEvent = {
  type: "SubscriptionActivated",
  data: { subscriptionId: "sub-1", activatedAt: "2026-01-20T08:00:00Z" },
};
const addUser: AddUser = {
  kind: "AddUser",
  actor: admin,
  userSubjectId: "subj-user-1",
  pseudonymousUserId: "pu-7f3a",
  email: "piet@acme.example",
  firstName: "Piet",
  lastName: "Pietersen",
  activityId: "act-user-accounts",
};
const userAdded = (command: AddUser = addUser): SubscriptionEvent => ({
  type: "UserAdded",
  data: {
    subscriptionId: "sub-1",
    userSubjectId: command.userSubjectId,
    pseudonymousUserId: command.pseudonymousUserId,
    email: command.email,
    firstName: command.firstName,
    lastName: command.lastName,
    addedBy: command.actor.id,
    activityId: command.activityId,
    purpose: "subscription.toolAccess",
    legalBasis: { kind: "contract" },
  },
});
const usage: RecordUsage = {
  kind: "RecordUsage",
  actor: employee,
  pseudonymousUserId: "pu-7f3a",
  makerRef: "pu-7f3a",
  lastEditAt: "2026-02-01T13:00:00Z",
  recordType: "processingRecord",
  module: "register",
  legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
  activityId: "act-usage",
};
const objected: SubscriptionEvent = {
  type: "UsageMonitoringObjected",
  data: { subscriptionId: "sub-1", pseudonymousUserId: "pu-7f3a", receivedAt: "2026-02-02T10:00:00Z" },
};
const invoice: IssueInvoice = {
  kind: "IssueInvoice",
  actor: employee,
  invoiceId: "inv-2026-001",
  issuedAt: "2026-02-01T00:00:00Z",
  amountCents: 120000,
  currency: "EUR",
  billingContactSubjectId: "subj-req-1",
  billingContactName: "Jan Jansen",
  billingContactEmail: "jan@acme.example",
  activityId: "act-invoicing",
};
const invoiced: SubscriptionEvent = (() => {
  const { kind: _kind, actor: _actor, ...data } = invoice;
  return { type: "InvoiceIssued", data: { subscriptionId: "sub-1", ...data, purpose: "billing.invoicing" } };
})();
const ended: SubscriptionEvent = {
  type: "SubscriptionEnded",
  data: {
    subscriptionId: "sub-1",
    endedAt: "2026-03-31T10:00:00Z",
    backupWindowEndsAt: "2026-09-30T21:59:59.999Z",
    backupWindowEndDate: "2026-09-30",
    backupWindowBasis:
      "P4.1 (backups up to 6 months after the subscription); month counted as Reg. 1182/71 art. 3(1), " +
      "3(2)(c); not moved to a working day (a storage maximum, not a period to act in)",
  },
};
const active = [requested(), activated];
const withUser = [...active, userAdded()];
const activate: SubscriptionCommand = {
  kind: "ActivateSubscription",
  actor: employee,
  activatedAt: "2026-01-20T08:00:00Z",
};

describe("Subscription, P1.A: requests and activation", () => {
  it("P1.A.1, INV-30: a request received by e-mail records its channel, receipt instant and requester", () =>
    spec.given([]).when(request).thenEvents([requested()]));

  it("P1.A.1, INV-30: a request received by telephone is recorded the same way", () =>
    spec
      .given([])
      .when({ ...request, channel: "phone" })
      .thenEvents([requested({ channel: "phone" })]));

  it("P1.A.1, INV-30: a request without an ISO receipt instant is refused", () =>
    spec
      .given([])
      .when({ ...request, receivedAt: "15 January" })
      .thenRejects({ rule: "SUB-INSTANT", clause: "P1.A.1" }));

  it("P1.A.1, INV-30: a requester named by e-mail address instead of an opaque subject id is refused", () =>
    spec
      .given([])
      .when({ ...request, requesterSubjectId: "jan@acme.example" })
      .thenRejects({ rule: "INV-30", clause: "P1.A.1" }));

  it("P1.A.1: a subscription is requested once", () =>
    spec.given([requested()]).when(request).thenRejects({ rule: "SUB-DUPLICATE" }));

  it("P1.A.3, INV-30, GDPR Art. 13(2)(e): a request that names no required data for its service is refused", () => {
    spec
      .given([])
      .when({ ...request, requiredData: [], data: {} })
      .thenRejects({ rule: "INV-30", clause: "P1.A.3", article: "Art. 13(2)(e)" });
    spec
      .given([])
      .when({ ...request, serviceType: " " })
      .thenRejects({ rule: "INV-30", clause: "P1.A.3" });
  });

  it("P1.A.2, INV-03, GDPR Art. 6(1)(b): the decider records the data as required, for the subscription purpose, on the contract", () => {
    const decision = subscription.decide(request, initialSubscriptionState);
    expect(isRight(decision) && decision.right[0]?.data).toMatchObject({
      purpose: "subscription.service",
      legalBasis: { kind: "contract" },
      required: true,
    });
  });

  it("P1.A.2, INV-03, GDPR Art. 5(1)(c): data the service does not require are refused", () => {
    spec
      .given([])
      .when({ ...request, data: { ...request.data, contactPhone: "+31 20 123 4567" } })
      .thenRejects({ rule: "INV-03", clause: "P1.A.2" });
    spec
      .given([requested()])
      .when({
        kind: "SupplySubscriptionData",
        actor: employee,
        suppliedAt: "2026-01-16T00:00:00Z",
        data: { billingAddress: "x" },
      })
      .thenRejects({ rule: "INV-03" });
  });

  it("P1.A.2, INV-30: a subscription with the required data complete is activated", () =>
    spec.given([requested()]).when(activate).thenEvents([activated]));

  it("P1.A.2, INV-30, GDPR Art. 13(2)(e): activation is refused while a required item is missing", () => {
    const rejection = spec
      .given([requested({ data: { organisationName: "Acme B.V.", contactName: " " } })])
      .when(activate)
      .thenRejects({ rule: "INV-30", clause: "P1.A.2", article: "Art. 13(2)(e)" });
    expect(rejection.message).toContain("contactName, contactEmail");
  });

  it("P1.A.2, INV-30: data supplied after the request complete the set, and then activation succeeds", () => {
    const partial = requested({ data: { organisationName: "Acme B.V." } });
    const supply: SubscriptionCommand = {
      kind: "SupplySubscriptionData",
      actor: employee,
      suppliedAt: "2026-01-16T10:00:00Z",
      data: { contactName: "Jan Jansen", contactEmail: "jan@acme.example" },
    };
    const supplied: SubscriptionEvent = {
      type: "SubscriptionDataSupplied",
      data: {
        subscriptionId: "sub-1",
        requesterSubjectId: "subj-req-1",
        suppliedAt: supply.suppliedAt,
        ...supply.data,
      },
    };
    spec.given([partial]).when(supply).thenEvents([supplied]);
    spec.given([partial, supplied]).when(activate).thenEvents([activated]);
  });

  it("P1.A.2: activating twice changes nothing", () =>
    spec.given(active).when(activate).thenNothingHappens());
});

describe("Subscription, P1.B: users and usage", () => {
  it("P1.B.3, INV-04: the client's administrator of this subscription adds a user", () =>
    spec.given(active).when(addUser).thenEvents([userAdded()]));

  it("P1.B.3, INV-04: a client administrator of another subscription may not add users here", () =>
    spec
      .given(active)
      .when({ ...addUser, actor: adminElsewhere })
      .thenRejects({ rule: "INV-04", clause: "P1.B.3" }));

  it("P1.B.3, INV-04: the id alone, without the clientAdministrator role, is not enough", () =>
    spec
      .given(active)
      .when({ ...addUser, actor: { id: admin.id, roles: ["employee"] } })
      .thenRejects({ rule: "INV-04", clause: "P1.B.3" }));

  it("P1.B.3, INV-04: a user is added to a subscription once", () =>
    spec.given(withUser).when(addUser).thenRejects({ rule: "SUB-DUPLICATE", clause: "P1.B.3" }));

  it("P1.B.1, INV-05: a user's business e-mail address is recorded; no password or secret is", () => {
    const decision = subscription.decide(
      addUser,
      active.reduce(evolveSubscription, initialSubscriptionState),
    );
    const data = isRight(decision) ? (decision.right[0]?.data ?? {}) : {};
    expect(data).toMatchObject({ email: "piet@acme.example" });
    expect(Object.keys(data).filter((key) => /pass|secret|pwd|credential/i.test(key))).toEqual([]);
  });

  it("P1.B.4: users get access to the tool only while the subscription is active", () => {
    spec.given([requested()]).when(addUser).thenRejects({ rule: "SUB-STATUS", clause: "P1.B.4" });
    spec
      .given([...active, ended])
      .when(addUser)
      .thenRejects({ rule: "SUB-STATUS", clause: "P1.B.4" });
  });

  it("P1.B.2, INV-06, GDPR Art. 6(1)(f): usage is recorded under the pseudonymous id with maker, last edit, record type and module", () =>
    spec
      .given(withUser)
      .when(usage)
      .thenEvents([
        {
          type: "UsageRecorded",
          data: {
            subscriptionId: "sub-1",
            pseudonymousUserId: "pu-7f3a",
            makerRef: "pu-7f3a",
            lastEditAt: "2026-02-01T13:00:00Z",
            recordType: "processingRecord",
            module: "register",
            activityId: "act-usage",
            purpose: "product.usageInsight",
            legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
          },
        },
      ]));

  it("P1.B.2, INV-06: usage under an e-mail address, as user or as maker, is refused", () => {
    spec
      .given(withUser)
      .when({ ...usage, pseudonymousUserId: "piet@acme.example" })
      .thenRejects({ rule: "INV-06", clause: "P1.B.2" });
    spec
      .given(withUser)
      .when({ ...usage, makerRef: "Piet Pietersen" })
      .thenRejects({ rule: "INV-06", clause: "P1.B.2" });
  });

  it("P1.B.2, INV-06, GDPR Art. 4(5): a pseudonym that is the user's subject id is refused", () =>
    spec
      .given(active)
      .when({ ...addUser, pseudonymousUserId: addUser.userSubjectId })
      .thenRejects({ rule: "INV-06" }));

  it("P1.B.2, INV-06: usage of someone who is not a user of this subscription is refused", () =>
    spec
      .given(withUser)
      .when({ ...usage, pseudonymousUserId: "pu-unknown" })
      .thenRejects({ rule: "INV-06" }));

  it("P2.3, INV-02, GDPR Art. 6(1)(f): usage monitoring without its legitimate-interest assessment is refused", () =>
    spec
      .given(withUser)
      .when({ ...usage, legalBasis: { kind: "legitimateInterest", liaRef: "" } })
      .thenRejects({ rule: "INV-02", clause: "P2.3" }));

  it("P1.B.2, INV-07, GDPR Art. 21(1): a user's objection to usage monitoring is recorded", () =>
    spec
      .given(withUser)
      .when({
        kind: "ObjectToUsageMonitoring",
        actor: employee,
        pseudonymousUserId: "pu-7f3a",
        receivedAt: "2026-02-02T10:00:00Z",
      })
      .thenEvents([objected]));

  it("P1.B.2, INV-07, GDPR Art. 21(1): after the objection no new usage is recorded for that user", () =>
    spec
      .given([...withUser, objected])
      .when(usage)
      .thenRejects({ rule: "INV-07", clause: "P1.B.2", article: "Art. 21(1)" }));

  it("P1.B.2, INV-07: an objection stops only that user's monitoring; a second one changes nothing", () => {
    const other: AddUser = { ...addUser, userSubjectId: "subj-user-2", pseudonymousUserId: "pu-9c1e" };
    const given = [...withUser, userAdded(other), objected];
    const decision = subscription.decide(
      { ...usage, pseudonymousUserId: "pu-9c1e", makerRef: "pu-9c1e" },
      given.reduce(evolveSubscription, initialSubscriptionState),
    );
    expect(isRight(decision)).toBe(true);
    spec
      .given(given)
      .when({
        kind: "ObjectToUsageMonitoring",
        actor: employee,
        pseudonymousUserId: "pu-7f3a",
        receivedAt: "2026-02-03T10:00:00Z",
      })
      .thenNothingHappens();
  });
});

describe("Subscription, INV-27, GDPR Art. 4(5): the pseudonym's link, shredded with the user's contract data", () => {
  const logged: SubscriptionEvent = {
    type: "UsageRecorded",
    data: {
      subscriptionId: "sub-1",
      pseudonymousUserId: "pu-7f3a",
      makerRef: "pu-7f3a",
      lastEditAt: "2026-02-01T13:00:00Z",
      recordType: "processingRecord",
      module: "register",
      activityId: "act-usage",
      purpose: "product.usageInsight",
      legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
    },
  };
  /** UserAdded as the protected store reads it once the user's contract key is destroyed. */
  const shredded: SubscriptionEvent = {
    type: "UserAdded",
    data: {
      subscriptionId: "sub-1",
      userSubjectId: addUser.userSubjectId,
      pseudonymousUserId: erased("key-contract-1"),
      email: erased("key-contract-1"),
      firstName: erased("key-contract-1"),
      lastName: erased("key-contract-1"),
      addedBy: admin.id,
      activityId: addUser.activityId,
      purpose: "subscription.toolAccess",
      legalBasis: { kind: "contract" },
    },
  };

  it("P1.B.2, INV-27, GDPR Art. 4(5): an erased pseudonym is not folded into the users or the pseudonyms", () => {
    const state = [...active, shredded, logged].reduce(evolveSubscription, initialSubscriptionState);
    expect([...state.users]).toEqual([]);
    expect([...state.pseudonyms]).toEqual([]);
  });

  it("P1.B.2, INV-27, INV-06: usage under a pseudonym whose link was shredded is refused (it names no user any more)", () =>
    spec
      .given([...active, shredded])
      .when(usage)
      .thenRejects({ rule: "INV-06", clause: "P1.B.2" }));

  it("P1.B.3, INV-27: the user may be added again, under a new pseudonym", () => {
    const again: AddUser = { ...addUser, pseudonymousUserId: "pu-2b8d" };
    spec
      .given([...active, shredded, logged])
      .when(again)
      .thenEvents([userAdded(again)]);
  });

  it("P1.B.2, INV-06, GDPR Art. 4(5): a pseudonym that occurs in the usage log or an objection is never given again", () => {
    spec
      .given([...active, shredded, logged])
      .when(addUser)
      .thenRejects({ rule: "INV-06", clause: "P1.B.2", article: "Art. 4(5)" });
    spec
      .given([...active, shredded, objected])
      .when(addUser)
      .thenRejects({ rule: "INV-06", clause: "P1.B.2", article: "Art. 4(5)" });
  });
});

describe("Subscription, P1.D: billing, and the end", () => {
  it("P1.D.1, INV-10: an invoice on an active subscription records the billing contact (fiscal class)", () =>
    spec.given(active).when(invoice).thenEvents([invoiced]));

  it("P1.D.1: no invoice before the subscription is activated", () =>
    spec.given([requested()]).when(invoice).thenRejects({ rule: "SUB-STATUS", clause: "P1.D.1" }));

  it("P1.D.2, P1.D.4, INV-12: a payment is recorded against an invoice of this subscription (payment history, to process payments)", () =>
    spec
      .given([...active, invoiced])
      .when({
        kind: "RecordPayment",
        actor: employee,
        invoiceId: "inv-2026-001",
        paymentId: "pay-1",
        paidAt: "2026-02-10T09:00:00Z",
        amountCents: 60000,
        activityId: "act-invoicing",
      })
      .thenEvents([
        {
          type: "PaymentRecorded",
          data: {
            subscriptionId: "sub-1",
            invoiceId: "inv-2026-001",
            paymentId: "pay-1",
            paidAt: "2026-02-10T09:00:00Z",
            amountCents: 60000,
            activityId: "act-invoicing",
          },
        },
      ]));

  it("P1.D.2, INV-12: a payment or a contact note on an unknown invoice is refused", () => {
    spec
      .given(active)
      .when({
        kind: "RecordPayment",
        actor: employee,
        invoiceId: "inv-x",
        paymentId: "pay-1",
        paidAt: "2026-02-10T09:00:00Z",
        amountCents: 1,
        activityId: "act-invoicing",
      })
      .thenRejects({ rule: "INV-12", clause: "P1.D.2" });
    spec
      .given(active)
      .when({
        kind: "LogBillingContact",
        actor: employee,
        invoiceId: "inv-x",
        contactedAt: "2026-02-10T09:00:00Z",
        contactSubjectId: "subj-req-1",
        summary: "reminder",
        activityId: "act-invoicing",
      })
      .thenRejects({ rule: "INV-12", clause: "P1.D.2" });
  });

  it("P1.D.2, P1.D.4, INV-12: contact about an open item is logged, linked to its invoice (managing receivables)", () =>
    spec
      .given([...active, invoiced])
      .when({
        kind: "LogBillingContact",
        actor: employee,
        invoiceId: "inv-2026-001",
        contactedAt: "2026-03-01T09:00:00Z",
        contactSubjectId: "subj-req-1",
        summary: "promised to pay by 15 March",
        activityId: "act-invoicing",
      })
      .thenEvents([
        {
          type: "BillingContactLogged",
          data: {
            subscriptionId: "sub-1",
            invoiceId: "inv-2026-001",
            contactedAt: "2026-03-01T09:00:00Z",
            contactSubjectId: "subj-req-1",
            summary: "promised to pay by 15 March",
            activityId: "act-invoicing",
            purpose: "billing.receivables",
          },
        },
      ]));

  it("P1.D.2: the same payment recorded twice is one payment", () => {
    const paid: SubscriptionEvent = {
      type: "PaymentRecorded",
      data: {
        subscriptionId: "sub-1",
        invoiceId: "inv-2026-001",
        paymentId: "pay-1",
        paidAt: "2026-02-10T09:00:00Z",
        amountCents: 60000,
        activityId: "act-invoicing",
      },
    };
    spec
      .given([...active, invoiced, paid])
      .when({
        kind: "RecordPayment",
        actor: employee,
        invoiceId: "inv-2026-001",
        paymentId: "pay-1",
        paidAt: "2026-02-10T09:00:00Z",
        amountCents: 60000,
        activityId: "act-invoicing",
      })
      .thenNothingHappens();
  });

  it("P4.1, INV-28: the end states the backup-window end, computed by the legal calendar from endedAt", () =>
    spec
      .given(active)
      .when({ kind: "EndSubscription", actor: employee, endedAt: "2026-03-31T10:00:00Z" })
      .thenEvents([ended]));

  it("P4.1: an end without an ISO instant, or before the request, is refused; ending twice changes nothing", () => {
    spec
      .given(active)
      .when({ kind: "EndSubscription", actor: employee, endedAt: "2026-03-31" })
      .thenRejects({ rule: "SUB-INSTANT" });
    spec
      .given(active)
      .when({ kind: "EndSubscription", actor: employee, endedAt: "2025-12-31T10:00:00Z" })
      .thenRejects({ rule: "SUB-INSTANT", clause: "P4.1" });
    spec
      .given([...active, ended])
      .when({ kind: "EndSubscription", actor: employee, endedAt: "2026-04-30T10:00:00Z" })
      .thenNothingHappens();
  });

  it("P1.D.3, INV-10: after the end, payments on open invoices and a final invoice are still recorded", () => {
    spec
      .given([...active, invoiced, ended])
      .when({
        kind: "RecordPayment",
        actor: employee,
        invoiceId: "inv-2026-001",
        paymentId: "pay-2",
        paidAt: "2026-04-10T09:00:00Z",
        amountCents: 120000,
        activityId: "act-invoicing",
      })
      .thenEvents([
        {
          type: "PaymentRecorded",
          data: {
            subscriptionId: "sub-1",
            invoiceId: "inv-2026-001",
            paymentId: "pay-2",
            paidAt: "2026-04-10T09:00:00Z",
            amountCents: 120000,
            activityId: "act-invoicing",
          },
        },
      ]);
    spec
      .given([...active, ended])
      .when({ ...invoice, invoiceId: "inv-2026-final" })
      .thenEvents([
        {
          ...invoiced,
          data: { ...(invoiced.data as object), invoiceId: "inv-2026-final" },
        } as SubscriptionEvent,
      ]);
  });
});

describe("Subscription: who may act (every command carries an actor with roles)", () => {
  it("P1.A.1, SUB-ROLE: a client's administrator cannot record a subscription request for the company", () =>
    spec
      .given([])
      .when({ ...request, actor: admin })
      .thenRejects({ rule: "SUB-ROLE", clause: "P1.A.1" }));

  it("P1.A.2, SUB-ROLE: the client's administrator of this subscription may complete its data; one of another subscription may not", () => {
    const partial = requested({ data: { organisationName: "Acme B.V." } });
    const supply = (actor: Actor): SubscriptionCommand => ({
      kind: "SupplySubscriptionData",
      actor,
      suppliedAt: "2026-01-16T10:00:00Z",
      data: { contactName: "Jan Jansen" },
    });
    spec
      .given([partial])
      .when(supply(admin))
      .thenEvents([
        {
          type: "SubscriptionDataSupplied",
          data: {
            subscriptionId: "sub-1",
            requesterSubjectId: "subj-req-1",
            suppliedAt: "2026-01-16T10:00:00Z",
            contactName: "Jan Jansen",
          },
        },
      ]);
    spec.given([partial]).when(supply(adminElsewhere)).thenRejects({ rule: "SUB-ROLE", clause: "P1.A.2" });
  });

  it("P1.B.2, SUB-ROLE: usage is recorded by the company's own system; an actor without a company role is refused", () => {
    const system: Actor = { id: "svc-usage-logger", roles: ["system"] };
    const stranger: Actor = { id: "actor-x", roles: ["partner-reseller"] };
    const given = [requested(), activated, userAdded()];
    const accepted = subscription.decide(
      { ...usage, actor: system },
      given.reduce(subscription.evolve, subscription.initialState),
    );
    expect(isRight(accepted)).toBe(true);
    spec
      .given(given)
      .when({ ...usage, actor: stranger })
      .thenRejects({ rule: "SUB-ROLE", clause: "P1.B.2" });
  });
});

describe("Subscription, P2, INV-01: every use of personal data is a registered activity's", () => {
  it("P1.A.1, P2.1, INV-01, Art. 30(1): a request under an activity that is not in the register is refused", () =>
    spec
      .given([])
      .when({ ...request, activityId: "act-unknown" })
      .thenRejects({ rule: "INV-01", clause: "P2" }));

  it("P1.B.1, INV-01, Art. 5(1)(b): users cannot be added under the usage activity (another purpose, another basis)", () =>
    spec
      .given(active)
      .when({ ...addUser, activityId: "act-usage" })
      .thenRejects({ rule: "INV-01" }));

  it("P1.B.2, P2.3, INV-01: usage cannot be recorded under the user-accounts activity (contract, not legitimate interest)", () =>
    spec
      .given(withUser)
      .when({ ...usage, activityId: "act-user-accounts" })
      .thenRejects({ rule: "INV-01" }));

  it("P1.D.1, INV-01: an invoice under an activity whose data categories do not include billing contacts is refused", () =>
    spec
      .given(active)
      .when({ ...invoice, activityId: "act-subscription" })
      .thenRejects({ rule: "INV-01" }));

  it("P2.3, INV-01, INV-02, Art. 6(1)(f): usage citing an assessment the register does not hold is refused", () =>
    spec
      .given(withUser)
      .when({ ...usage, legalBasis: { kind: "legitimateInterest", liaRef: "LIA-made-up" } })
      .thenRejects({ rule: "INV-01" }));

  it("P1.D.2, INV-01: a payment names the registered invoicing activity", () =>
    spec
      .given([...active, invoiced])
      .when({
        kind: "RecordPayment",
        actor: employee,
        invoiceId: "inv-2026-001",
        paymentId: "pay-9",
        paidAt: "2026-02-10T09:00:00Z",
        amountCents: 100,
        activityId: "act-training",
      })
      .thenRejects({ rule: "INV-01" }));

  it("P1.A.1, INV-01: a request that collects only the organisation's data still names a registered activity", () =>
    spec
      .given([])
      .when({
        ...request,
        requiredData: ["organisationName"],
        data: { organisationName: "Acme B.V." },
        activityId: "act-nope",
      })
      .thenRejects({ rule: "INV-01" }));

  it("P2, INV-01: a retired activity authorises nothing new", () => {
    const retired = subscriptionDecider({
      register: companyRegister([
        {
          type: "ProcessingActivityRetired",
          data: { activityId: "act-usage", reason: "monitoring stopped" },
        },
      ]),
      restrictions: NO_RESTRICTIONS,
    });
    const state = withUser.reduce(retired.evolve, retired.initialState);
    const decision = retired.decide(usage, state);
    expect(isRight(decision)).toBe(false);
    if (!isRight(decision)) expect(decision.left).toMatchObject({ rule: "INV-01" });
  });
});

describe("Subscription, P7.b, Art. 16: a user's account data corrected", () => {
  const correct = (
    fields: Partial<SubscriptionCommand & { kind: "CorrectUserDetails" }> = {},
  ): SubscriptionCommand =>
    ({
      kind: "CorrectUserDetails",
      actor: admin,
      userSubjectId: "subj-user-1",
      correctedAt: "2026-03-01T10:00:00Z",
      lastName: "Pietersen-de Vries",
      activityId: "act-user-accounts",
      ...fields,
    }) as SubscriptionCommand;

  it("P7.b, P1.B.3, Art. 16: the client's administrator corrects a user's last name, sealed like the original", () =>
    spec
      .given(withUser)
      .when(correct())
      .thenEvents([
        {
          type: "UserDetailsCorrected",
          data: {
            subscriptionId: "sub-1",
            userSubjectId: "subj-user-1",
            correctedAt: "2026-03-01T10:00:00Z",
            activityId: "act-user-accounts",
            lastName: "Pietersen-de Vries",
          },
        },
      ]));

  it("P7.b, Art. 16: only a user of this subscription, and only with a value", () => {
    spec
      .given(withUser)
      .when(correct({ userSubjectId: "subj-nobody" }))
      .thenRejects({ rule: "SUB-USER", clause: "P7.b" });
    spec
      .given(withUser)
      .when(correct({ lastName: " " }))
      .thenRejects({ rule: "SUB-USER" });
  });

  it("P7.b, SUB-ROLE: another client's administrator cannot correct this subscription's users", () =>
    spec
      .given(withUser)
      .when(correct({ actor: adminElsewhere }))
      .thenRejects({ rule: "SUB-ROLE", clause: "P7.b" }));
});

describe("Subscription, P7.d, INV-42, Art. 18(2): restricted data are only stored", () => {
  /** A decider that knows one restriction in force, of one subject's classes. */
  const restricting = (
    subjectId: string,
    requestId: string,
    retentionClasses: readonly RetentionClass[],
    exceptPurpose: string | null = null,
  ) =>
    subscriptionDecider({
      register: companyRegister(),
      restrictions: new Map([[subjectId, [{ requestId, retentionClasses, exceptPurpose }]]]),
    });
  /** The user's account data restricted while the accuracy is contested (Art. 18(1)(a)). */
  const userRestricted = restricting("subj-user-1", "req-7", ["contract"]);
  /** The requester's billing data kept for the tax archive alone after a partly declined erasure. */
  const billingKeptForTax = restricting("subj-req-1", "req-9", ["fiscal"], "fiscal.retention");
  const decide = (
    decider: typeof userRestricted,
    given: readonly SubscriptionEvent[],
    command: SubscriptionCommand,
  ) => decider.decide(command, given.reduce(decider.evolve, decider.initialState));

  it("P7.d, P1.B.2, INV-42, Art. 18(2): usage of a user whose account data are restricted is not recorded", () => {
    const decision = decide(userRestricted, withUser, usage);
    expect(decision).toMatchObject({
      _tag: "Left",
      left: { rule: "INV-42", clause: "P7.d", article: "Art. 18(2)" },
    });
    if (!isRight(decision)) expect(decision.left.message).toContain("request req-7");
  });

  it("P7.d, INV-42: the same usage is recorded when the restriction covers another class, or when none is in force", () => {
    const otherClass = restricting("subj-user-1", "req-7", ["training"]);
    expect(isRight(decide(otherClass, withUser, usage))).toBe(true);
    expect(isRight(decide(subscription, withUser, usage))).toBe(true);
  });

  it("P7.d, P1.B.3, INV-42: a person whose account data are restricted is not added as a user", () => {
    const decision = decide(userRestricted, active, addUser);
    expect(decision).toMatchObject({ _tag: "Left", left: { rule: "INV-42", clause: "P7.d" } });
  });

  it("P7.d, P7.b, Art. 18(1)(a): a correction of the restricted user's details is still accepted (it is what the restriction awaits)", () => {
    const correction: SubscriptionCommand = {
      kind: "CorrectUserDetails",
      actor: admin,
      userSubjectId: "subj-user-1",
      correctedAt: "2026-03-01T10:00:00Z",
      lastName: "Pietersen-de Vries",
      activityId: "act-user-accounts",
    };
    expect(isRight(decide(userRestricted, withUser, correction))).toBe(true);
  });

  it("P7.d, P1.D.1, INV-42, Art. 17(3)(b): no new invoice to a billing contact whose data are kept for the tax archive only", () => {
    const decision = decide(billingKeptForTax, active, invoice);
    expect(decision).toMatchObject({ _tag: "Left", left: { rule: "INV-42", clause: "P7.d" } });
    if (!isRight(decision)) expect(decision.left.message).toContain("to the purpose fiscal.retention");
  });

  it("P7.d, P1.A.2, INV-42: a requester whose contract data are restricted cannot have more data supplied", () => {
    const restrictedRequester = restricting("subj-req-1", "req-3", ["contract"]);
    const supply: SubscriptionCommand = {
      kind: "SupplySubscriptionData",
      actor: admin,
      suppliedAt: "2026-01-16T10:00:00Z",
      data: { contactEmail: "jan.jansen@acme.example" },
    };
    expect(decide(restrictedRequester, [requested()], supply)).toMatchObject({
      _tag: "Left",
      left: { rule: "INV-42" },
    });
    expect(decide(restrictedRequester, [], request)).toMatchObject({
      _tag: "Left",
      left: { rule: "INV-42" },
    });
  });
});
