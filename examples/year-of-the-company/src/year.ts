import {
  dueErasures,
  type ErasureOutcome,
  executeDueErasures,
  loadRetentionSchedule,
  PRIVACY_POLICY_STREAM,
  PROCESSING_REGISTER_STREAM,
  type PrivacyPolicyState,
  type ProcessingRegisterState,
  processingRegister,
  processingRegisterCatalog,
} from "@privacy-ledger/domain";
import type { Rejection } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { clientsSubscribe, globexLeaves } from "./clients.js";
import { aggregate, type Journal, steppingClock } from "./company.js";
import { actors, companyContext, type Ledger } from "./context.js";
import { policyChange, seriousBreach } from "./incidents.js";
import { contacts, newsletters, training } from "./people.js";
import { registerCommands } from "./registerSetup.js";
import { erasureInAutumn, rightsInSpring, rightsInSummer } from "./rights.js";

export interface YearOfTheCompany {
  readonly journal: Journal;
  readonly erasure: ErasureOutcome;
  readonly breach: { readonly authorityDueAt: string; readonly notifiedAt: string };
  /** Due erasures on 31 December 2026 and, a year on, what the retention run shredded on 1 June 2027. */
  readonly dueAtYearEnd: readonly string[];
  readonly shreddedNextJune: readonly string[];
  readonly refusals: readonly Rejection[];
}

/**
 * A year of the company (2026), every clause of the policy at work, through the kernel's command handler
 * on the given store (the protected one, so personal data are sealed at rest). Deterministic: the clock and
 * the command ids are the scenario's own.
 */
export const runYearOfTheCompany = async (ledger: Ledger): Promise<YearOfTheCompany> => {
  const clock = steppingClock("2026-01-05T08:00:00Z");
  const journal: Journal = { lines: [], refusals: [] };

  // January: the CTO keeps the register (D1, Art. 30) and publishes the policy.
  const registerHandler = aggregate(
    "Register",
    { store: ledger.store, clock, journal, seq: { n: 100_000 } },
    processingRegister,
    processingRegisterCatalog,
  );
  let register: ProcessingRegisterState | undefined;
  for (const command of registerCommands(actors.cto))
    register = await registerHandler.ok(PROCESSING_REGISTER_STREAM, command);
  if (register === undefined) throw new Error("the register is empty");

  const currentClients = new Set<string>();
  let policyState: PrivacyPolicyState | undefined;
  const company = companyContext(
    ledger,
    clock,
    journal,
    register,
    () => currentClients,
    () => policyState,
  );
  clock.set("2026-01-05T09:00:00Z");
  policyState = await company.policy().ok(PRIVACY_POLICY_STREAM, {
    kind: "PublishPolicyVersion",
    actor: actors.cto,
    versionId: "policy-2026-01",
    publishedAt: "2026-01-05T09:00:00Z",
    effectiveFrom: "2026-01-05T09:00:00Z",
    material: false,
    changes: ["First version of the privacy policy"],
    addsPurposes: [],
  });

  await clientsSubscribe(company);
  currentClients.add("org-acme").add("org-globex");
  await training(company);
  await contacts(company);
  await newsletters(company);
  await rightsInSpring(company);
  const breach = await seriousBreach(company);
  await rightsInSummer(company);
  await policyChange(company);
  const erasure = await erasureInAutumn(company);
  await globexLeaves(company);
  currentClients.delete("org-globex");

  // 31 December: what the retention schedule says is due (computed from the events, never typed in).
  clock.set("2026-12-31T22:00:00Z");
  const schedule = await loadRetentionSchedule(ledger.store);
  const dueAtYearEnd = dueErasures(schedule, clock.now()).map(
    (entry) => `${entry.subjectId}/${entry.retentionClass}`,
  );

  // A year on: the backup window of Globex has closed, the training's 12 months have passed.
  clock.set("2027-06-01T06:00:00Z");
  const laterSchedule = await loadRetentionSchedule(ledger.store);
  const shredded = await executeDueErasures(
    { store: ledger.store, keyStore: ledger.keyStore, keyCache: ledger.keyCache },
    laterSchedule,
    clock.now(),
    actors.cto,
  );
  if (isLeft(shredded)) throw new Error(`the retention run failed: ${shredded.left.message}`);
  const shreddedNextJune = shredded.right.map(({ entry }) => `${entry.subjectId}/${entry.retentionClass}`);
  journal.lines.push(
    `2027-06-01  Retention       executeDueErasures → ${shreddedNextJune.join(", ") || "nothing due"}`,
  );

  return { journal, erasure, breach, dueAtYearEnd, shreddedNextJune, refusals: journal.refusals };
};
