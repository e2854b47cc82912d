import { subscriptionStreamId } from "@privacy-ledger/domain";
import { actors, type Company } from "./context.js";

const acme = subscriptionStreamId("sub-acme");
const globex = subscriptionStreamId("sub-globex");

/** P1.A, P1.B, P1.D: two clients subscribe (by e-mail and by telephone), add users, use the tool and pay. */
export const clientsSubscribe = async (company: Company): Promise<void> => {
  const { subscriptions, subjects, clock } = company;
  const { sales, acmeAdmin, globexAdmin, usageLogger, billing } = actors;

  clock.set("2026-01-12T09:30:00Z");
  await subscriptions.ok(acme, {
    kind: "RequestSubscription",
    actor: sales,
    subscriptionId: "sub-acme",
    channel: "email",
    receivedAt: "2026-01-12T09:14:00Z",
    requesterSubjectId: "subj-jan",
    clientOrganisationId: "org-acme",
    serviceType: "process-tool-pro",
    requiredData: ["organisationName", "billingAddress", "contactName", "contactEmail"],
    data: {
      organisationName: "Acme B.V.",
      contactName: "Jan Jansen",
      contactEmail: "jan.jansen@acme.example",
    },
    clientAdministratorIds: [acmeAdmin.id],
    activityId: "act-subscription",
  });
  await subscriptions.refused(
    acme,
    { kind: "ActivateSubscription", actor: sales, activatedAt: "2026-01-12T10:00:00Z" },
    "the billing address is still missing",
  );
  clock.set("2026-01-14T11:00:00Z");
  await subscriptions.ok(acme, {
    kind: "SupplySubscriptionData",
    actor: acmeAdmin,
    suppliedAt: "2026-01-14T10:55:00Z",
    data: { billingAddress: "Keizersgracht 1, Amsterdam" },
  });
  await subscriptions.ok(acme, {
    kind: "ActivateSubscription",
    actor: sales,
    activatedAt: "2026-01-14T11:00:00Z",
  });
  clock.set("2026-01-15T08:00:00Z");
  await subscriptions.refused(
    acme,
    {
      kind: "AddUser",
      actor: globexAdmin,
      userSubjectId: "subj-mallory",
      pseudonymousUserId: "pu-mallory",
      email: "mallory@globex.example",
      firstName: "Mallory",
      lastName: "Smit",
      activityId: "act-user-accounts",
    },
    "only Acme's own administrator adds Acme's users",
  );
  await subscriptions.ok(acme, {
    kind: "AddUser",
    actor: acmeAdmin,
    userSubjectId: "subj-piet",
    pseudonymousUserId: "pu-71c2",
    email: "piet.pieters@acme.example",
    firstName: "Piet",
    lastName: "Pieters",
    activityId: "act-user-accounts",
  });
  await subjects.ok("data-subject-subj-piet", {
    kind: "RegisterUser",
    actor: sales,
    subjectId: "subj-piet",
    subscriptionId: "sub-acme",
  });

  clock.set("2026-01-20T14:05:00Z");
  await subscriptions.ok(globex, {
    kind: "RequestSubscription",
    actor: sales,
    subscriptionId: "sub-globex",
    channel: "phone",
    receivedAt: "2026-01-20T14:02:00Z",
    requesterSubjectId: "subj-sara",
    clientOrganisationId: "org-globex",
    serviceType: "process-tool-basic",
    requiredData: ["organisationName", "contactName", "contactPhone"],
    data: { organisationName: "Globex B.V.", contactName: "Sara de Boer", contactPhone: "+31 20 555 0101" },
    clientAdministratorIds: [globexAdmin.id],
    activityId: "act-subscription",
  });
  await subscriptions.ok(globex, {
    kind: "ActivateSubscription",
    actor: sales,
    activatedAt: "2026-01-20T14:05:00Z",
  });
  await subscriptions.ok(globex, {
    kind: "AddUser",
    actor: globexAdmin,
    userSubjectId: "subj-sara",
    pseudonymousUserId: "pu-0d9e",
    email: "sara.deboer@globex.example",
    firstName: "Sara",
    lastName: "de Boer",
    activityId: "act-user-accounts",
  });
  await subjects.ok("data-subject-subj-sara", {
    kind: "RegisterUser",
    actor: sales,
    subjectId: "subj-sara",
    subscriptionId: "sub-globex",
  });

  clock.set("2026-02-03T10:00:00Z");
  await subscriptions.ok(acme, {
    kind: "RecordUsage",
    actor: usageLogger,
    pseudonymousUserId: "pu-71c2",
    makerRef: "pu-71c2",
    lastEditAt: "2026-02-03T09:58:00Z",
    recordType: "processingRecord",
    module: "register",
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
    activityId: "act-usage",
  });
  await subscriptions.refused(
    acme,
    {
      kind: "RecordUsage",
      actor: usageLogger,
      pseudonymousUserId: "piet.pieters@acme.example",
      makerRef: "pu-71c2",
      lastEditAt: "2026-02-03T09:59:00Z",
      recordType: "processingRecord",
      module: "register",
      legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
      activityId: "act-usage",
    },
    "usage is logged under a pseudonym, never an e-mail address",
  );

  clock.set("2026-02-05T08:00:00Z");
  await subscriptions.ok(acme, {
    kind: "IssueInvoice",
    actor: billing,
    invoiceId: "inv-2026-0001",
    issuedAt: "2026-02-05T08:00:00Z",
    amountCents: 240_000,
    currency: "EUR",
    billingContactSubjectId: "subj-jan",
    billingContactName: "Jan Jansen",
    billingContactEmail: "jan.jansen@acme.example",
    activityId: "act-invoicing",
  });
  clock.set("2026-02-20T10:00:00Z");
  await subscriptions.ok(acme, {
    kind: "RecordPayment",
    actor: billing,
    invoiceId: "inv-2026-0001",
    paymentId: "pay-2026-0001",
    paidAt: "2026-02-20T09:41:00Z",
    amountCents: 240_000,
    activityId: "act-invoicing",
  });
};

/** P4.1: Globex ends its subscription; the backup window runs six months from the end. */
export const globexLeaves = async (company: Company): Promise<void> => {
  company.clock.set("2026-11-30T17:00:00Z");
  await company.subscriptions.ok(globex, {
    kind: "EndSubscription",
    actor: actors.sales,
    endedAt: "2026-11-30T17:00:00Z",
  });
};
