import {
  breachCatalog,
  breachIncidentDecider,
  consentCatalog,
  consentDecider,
  dataSubjectCatalog,
  dataSubjectDecider,
  loadSubscriptionRestrictions,
  type PrivacyPolicyState,
  type ProcessingRegisterState,
  privacyPolicyCatalog,
  privacyPolicyDecider,
  type SubscriptionCommand,
  subscriptionCatalog,
  subscriptionDecider,
} from "@privacy-ledger/domain";
import type { Actor, EventStore, KeyCache, KeyStore } from "@privacy-ledger/eventsourcing";
import { aggregate, type Journal, type SteppingClock } from "./company.js";

export const LEGAL_ENTITY = "kvk-12345678";

/** The people of the company (D6): roles held by actors. */
export const actors = {
  cto: { id: "emp-cto", roles: ["CTO", "management"] },
  ceo: { id: "emp-ceo", roles: ["CEO", "generalDirector", "management"] },
  sales: { id: "emp-sales", roles: ["employee"] },
  support: { id: "emp-support", roles: ["employee"] },
  mailer: { id: "svc-mailer", roles: ["system"] },
  billing: { id: "svc-billing", roles: ["system"] },
  usageLogger: { id: "svc-usage", roles: ["system"] },
  acmeAdmin: { id: "client-acme-admin", roles: ["clientAdministrator"] },
  globexAdmin: { id: "client-globex-admin", roles: ["clientAdministrator"] },
} as const satisfies Record<string, Actor>;

export interface Ledger {
  /** The protected store: commands and reads see plaintext, the file holds ciphertext. */
  readonly store: EventStore;
  readonly keyStore: KeyStore;
  readonly keyCache: KeyCache;
}

/** Everything a step of the year needs: the clock, the journal and one handler per aggregate. */
export const companyContext = (
  ledger: Ledger,
  clock: SteppingClock,
  journal: Journal,
  register: ProcessingRegisterState,
  currentClients: () => ReadonlySet<string>,
  policy: () => PrivacyPolicyState | undefined,
) => {
  const deps = { store: ledger.store, clock, journal, seq: { n: 0 } };
  return {
    ledger,
    clock,
    journal,
    register,
    // INV-42: the restrictions in force that the command may run into, loaded right before it.
    subscriptions: aggregate(
      "Subscription",
      deps,
      async (streamId: string, command: SubscriptionCommand) =>
        subscriptionDecider({
          register,
          restrictions: await loadSubscriptionRestrictions(ledger.store, streamId, command),
        }),
      subscriptionCatalog,
    ),
    subjects: aggregate("DataSubject", deps, dataSubjectDecider({ register }), dataSubjectCatalog),
    consents: () =>
      aggregate(
        "Consent",
        deps,
        consentDecider({ register, legalEntityId: LEGAL_ENTITY, ...(policy() ? { policy: policy() } : {}) }),
        consentCatalog,
      ),
    policy: () =>
      aggregate(
        "PrivacyPolicy",
        deps,
        privacyPolicyDecider({ currentClients: currentClients() }),
        privacyPolicyCatalog,
      ),
    breaches: aggregate("BreachIncident", deps, breachIncidentDecider(), breachCatalog),
  };
};

export type Company = ReturnType<typeof companyContext>;
