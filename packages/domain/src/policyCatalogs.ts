import type { PersonalFieldSpec } from "@privacy-ledger/eventsourcing";
import { breachCatalog } from "./breach/events.js";
import { consentCatalog } from "./consent/events.js";
import { dataSubjectCatalog } from "./dataSubject/events.js";
import { privacyPolicyCatalog } from "./privacyPolicy/events.js";
import { processingRegisterCatalog } from "./processingRegister/events.js";
import { subscriptionCatalog } from "./subscription/events.js";

/** Every event catalog of the policy, for a store, a replay or a report that reads them all. */
export const policyCatalogs = [
  processingRegisterCatalog,
  subscriptionCatalog,
  dataSubjectCatalog,
  consentCatalog,
  privacyPolicyCatalog,
  breachCatalog,
] as const;

const catalogOfType = new Map<string, (typeof policyCatalogs)[number]>(
  policyCatalogs.flatMap((catalog) => catalog.types.map((type) => [type, catalog] as const)),
);

/**
 * The personal fields of any policy event type (what the protection layer seals): pass it to
 * `openProtectedSqliteStore({ personalFields: policyPersonalFields })` or a ProtectedEventStore.
 * Event types of no policy catalog (the kernel's erasure records) hold no personal field.
 */
export const policyPersonalFields = (type: string, schemaVersion: number): readonly PersonalFieldSpec[] =>
  catalogOfType.get(type)?.personalFields(type, schemaVersion) ?? [];
