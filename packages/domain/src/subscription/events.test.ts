import {
  type AnyEventDefinition,
  type EncodedEvent,
  type JsonValue,
  PersonalType,
  type StoredEvent,
} from "@privacy-ledger/eventsourcing";
import { isRight } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import { isClauseId } from "../shared/clauses.js";
import {
  BillingContactLogged,
  InvoiceIssued,
  PaymentRecorded,
  SubscriptionActivated,
  SubscriptionDataSupplied,
  SubscriptionEnded,
  type SubscriptionEvent,
  SubscriptionRequested,
  subscriptionCatalog,
  subscriptionStreamId,
  UsageMonitoringObjected,
  UsageRecorded,
  UserAdded,
  UserDetailsCorrected,
} from "./events.js";
import { CONTRACT_RETENTION, FISCAL_RETENTION } from "./records.js";

const definitions: readonly AnyEventDefinition[] = [
  SubscriptionRequested,
  SubscriptionDataSupplied,
  SubscriptionActivated,
  UserAdded,
  UsageRecorded,
  UsageMonitoringObjected,
  InvoiceIssued,
  PaymentRecorded,
  BillingContactLogged,
  SubscriptionEnded,
  UserDetailsCorrected,
];

/** Every field name a codec declares, at any depth (objects, intersections, arrays, unions, markings). */
const fieldNames = (codec: t.Mixed): string[] => {
  const names: string[] = [];
  const walk = (type: t.Mixed): void => {
    if (type instanceof PersonalType) {
      walk(type.inner as t.Mixed);
    } else if (type instanceof t.InterfaceType || type instanceof t.PartialType) {
      for (const [key, prop] of Object.entries(type.props as Record<string, t.Mixed>)) {
        names.push(key);
        walk(prop);
      }
    } else if (type instanceof t.IntersectionType || type instanceof t.UnionType) {
      for (const member of type.types as t.Mixed[]) walk(member);
    } else if (
      type instanceof t.ArrayType ||
      type instanceof t.ReadonlyArrayType ||
      type instanceof t.ReadonlyType ||
      type instanceof t.ExactType ||
      type instanceof t.RefinementType
    ) {
      walk(type.type as t.Mixed);
    }
  };
  walk(codec);
  return names;
};

const sub = "sub-1";
const events: SubscriptionEvent[] = [
  {
    type: "SubscriptionRequested",
    data: {
      subscriptionId: sub,
      channel: "phone",
      receivedAt: "2026-01-15T09:30:00Z",
      requesterSubjectId: "subj-req-1",
      clientOrganisationId: "org-1",
      serviceType: "tool-pro",
      requiredData: ["organisationName", "contactEmail"],
      clientAdministratorIds: ["actor-admin-1"],
      activityId: "act-subscription",
      purpose: "subscription.service",
      legalBasis: { kind: "contract" },
      required: true,
      organisationName: "Acme B.V.",
      contactEmail: "jan@acme.example",
    },
  },
  {
    type: "SubscriptionDataSupplied",
    data: {
      subscriptionId: sub,
      requesterSubjectId: "subj-req-1",
      suppliedAt: "2026-01-16T00:00:00Z",
      contactName: "Jan",
    },
  },
  { type: "SubscriptionActivated", data: { subscriptionId: sub, activatedAt: "2026-01-20T08:00:00Z" } },
  {
    type: "UserAdded",
    data: {
      subscriptionId: sub,
      userSubjectId: "subj-user-1",
      pseudonymousUserId: "pu-1",
      email: "piet@acme.example",
      firstName: "Piet",
      lastName: "Pietersen",
      addedBy: "actor-admin-1",
      activityId: "act-user-accounts",
      purpose: "subscription.toolAccess",
      legalBasis: { kind: "contract" },
    },
  },
  {
    type: "UsageRecorded",
    data: {
      subscriptionId: sub,
      pseudonymousUserId: "pu-1",
      makerRef: "pu-1",
      lastEditAt: "2026-02-01T13:00:00Z",
      recordType: "processingRecord",
      module: "register",
      activityId: "act-usage",
      purpose: "product.usageInsight",
      legalBasis: { kind: "legitimateInterest", liaRef: "LIA-1" },
    },
  },
  {
    type: "UsageMonitoringObjected",
    data: { subscriptionId: sub, pseudonymousUserId: "pu-1", receivedAt: "2026-02-02T10:00:00Z" },
  },
  {
    type: "InvoiceIssued",
    data: {
      subscriptionId: sub,
      invoiceId: "inv-1",
      issuedAt: "2026-02-01T00:00:00Z",
      amountCents: 100,
      currency: "EUR",
      billingContactSubjectId: "subj-req-1",
      billingContactName: "Jan",
      billingContactEmail: "jan@acme.example",
      activityId: "act-invoicing",
      purpose: "billing.invoicing",
    },
  },
  {
    type: "PaymentRecorded",
    data: {
      subscriptionId: sub,
      invoiceId: "inv-1",
      paymentId: "pay-1",
      paidAt: "2026-02-10T00:00:00Z",
      amountCents: 100,
      activityId: "act-invoicing",
    },
  },
  {
    type: "BillingContactLogged",
    data: {
      subscriptionId: sub,
      invoiceId: "inv-1",
      contactedAt: "2026-02-05T00:00:00Z",
      contactSubjectId: "subj-req-1",
      summary: "reminder",
      activityId: "act-invoicing",
      purpose: "billing.receivables",
    },
  },
  {
    type: "SubscriptionEnded",
    data: {
      subscriptionId: sub,
      endedAt: "2026-03-31T10:00:00Z",
      backupWindowEndsAt: "2026-09-30T21:59:59.999Z",
      backupWindowEndDate: "2026-09-30",
      backupWindowBasis: "P4.1",
    },
  },
  {
    type: "UserDetailsCorrected",
    data: {
      subscriptionId: sub,
      userSubjectId: "subj-user-1",
      correctedAt: "2026-03-01T10:00:00Z",
      activityId: "act-user-accounts",
      lastName: "Pietersen-de Vries",
    },
  },
];

const stored = (encoded: EncodedEvent, streamVersion: number): StoredEvent => ({
  id: `event-${streamVersion}`,
  streamId: subscriptionStreamId(sub),
  streamVersion,
  globalPosition: streamVersion,
  type: encoded.type,
  schemaVersion: encoded.schemaVersion,
  data: encoded.data as JsonValue,
  metadata: {
    actor: { id: "actor-emp", roles: ["employee"] },
    correlationId: "c",
    causationId: "c",
    occurredAt: "2026-01-01T00:00:00.000Z",
    recordedAt: "2026-01-01T00:00:00.000Z",
    clauses: encoded.clauses,
  },
  prevHash: "0".repeat(64),
  hash: "0".repeat(64),
});

const retentionOf = (type: string): string[] =>
  subscriptionCatalog.personalFields(type, 1).map((field) => field.marking.retention);

describe("Subscription events: io-ts codecs with clauses and personal() markings", () => {
  it("every event encodes and decodes back to itself through the catalog, with valid clause ids", () => {
    expect(subscriptionCatalog.types).toHaveLength(definitions.length);
    events.forEach((event, index) => {
      const encoded = subscriptionCatalog.encode(event);
      expect(encoded.clauses.length).toBeGreaterThan(0);
      expect(encoded.clauses.every(isClauseId)).toBe(true);
      const decoded = subscriptionCatalog.decode(stored(encoded, index + 1));
      expect(isRight(decoded) && decoded.right).toEqual(event);
    });
  });

  it("P1.B.1, INV-05: no event codec has a field named like a password or a secret", () => {
    for (const definition of definitions) {
      const suspicious = fieldNames(definition.codec).filter((name) =>
        /pass(word)?|passwd|pwd|secret|credential|token|hash/i.test(name),
      );
      expect(suspicious, definition.type).toEqual([]);
    }
  });

  it("every personal field names a sibling subject-id field the codec declares", () => {
    for (const definition of definitions) {
      const names = fieldNames(definition.codec);
      for (const field of subscriptionCatalog.personalFields(definition.type, 1))
        expect(names, `${definition.type}.${field.path.join(".")}`).toContain(field.marking.subject);
    }
  });

  it("P1.B.3, P1.A.2: user and requester data are personal, in the contract retention class (P4.1)", () => {
    expect(subscriptionCatalog.personalFields("UserAdded", 1).map((f) => f.path.join("."))).toEqual([
      "pseudonymousUserId",
      "email",
      "firstName",
      "lastName",
    ]);
    expect(new Set(retentionOf("UserAdded"))).toEqual(new Set([CONTRACT_RETENTION]));
    expect(new Set(retentionOf("SubscriptionRequested"))).toEqual(new Set([CONTRACT_RETENTION]));
    expect(retentionOf("SubscriptionRequested")).toHaveLength(3);
  });

  it("P1.D.3, INV-10: billing personal data are in the fiscal retention class, apart from contract data", () => {
    expect(retentionOf("InvoiceIssued")).toEqual([FISCAL_RETENTION, FISCAL_RETENTION]);
    expect(retentionOf("BillingContactLogged")).toEqual([FISCAL_RETENTION]);
    expect(FISCAL_RETENTION).not.toEqual(CONTRACT_RETENTION);
  });

  it("P1.B.2, INV-27, INV-06, GDPR Art. 4(5): the pseudonym's link to the user is sealed with the user's contract data", () => {
    const [link] = subscriptionCatalog.personalFields("UserAdded", 1);
    expect(link).toMatchObject({
      path: ["pseudonymousUserId"],
      marking: { subject: "userSubjectId", retention: CONTRACT_RETENTION },
    });
    // The usage log keeps the pseudonym in clear: shredding the link is what makes it anonymous.
    expect(subscriptionCatalog.personalFields("UsageRecorded", 1)).toEqual([]);
  });

  it("P1.B.2, INV-06: usage events hold no personal field and no e-mail or name field, only the pseudonymous id", () => {
    for (const type of ["UsageRecorded", "UsageMonitoringObjected"]) {
      expect(subscriptionCatalog.personalFields(type, 1)).toEqual([]);
    }
    for (const definition of [UsageRecorded, UsageMonitoringObjected]) {
      const names = fieldNames(definition.codec);
      expect(names.filter((name) => /mail|name|subjectId/i.test(name))).toEqual([]);
      expect(names).toContain("pseudonymousUserId");
    }
  });

  it("P1.A.1, INV-30: a stored request with a channel other than e-mail or telephone fails to decode", () => {
    const encoded = subscriptionCatalog.encode(events[0]!);
    const broken = { ...encoded, data: { ...(encoded.data as object), channel: "fax" } as JsonValue };
    expect(isRight(subscriptionCatalog.decode(stored(broken, 1)))).toBe(false);
  });
});
