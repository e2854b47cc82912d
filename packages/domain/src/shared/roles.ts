import type { Actor } from "@privacy-ledger/eventsourcing";

/**
 * The closed set of roles the policy speaks of (decision D6: roles are held by actors, one person may
 * hold several, e.g. the CEO may also be the general director). A role outside this set grants nothing.
 */
export const ROLES = [
  /** P8.6, P8.7: informed in every serious situation; decides with the CTO. */
  "CEO",
  /** P8.1: responsible for all rules on data security and privacy; member of the management team. */
  "CTO",
  /** P8.3: receives the CTO's findings (may be the same person as the CEO, D6). */
  "generalDirector",
  /** P8.1, P8.3: a member of the management team (MT). */
  "management",
  /** P1.B.3: a client's administrator, who may create extra user accounts on that client's subscription. */
  "clientAdministrator",
  /** P3.1: staff who receive data where they need it, bound to confidentiality. */
  "employee",
  /**
   * GDPR Arts. 37-39: a data protection officer, if the company designates one. The policy names none;
   * the role exists so that designating one needs no code change.
   */
  "dpo",
  /**
   * The company's own software acting by itself (usage logging, invoicing runs, scheduled erasures); the
   * actor id names the process. It holds no human role: it never decides what D6 gives to people.
   */
  "system",
] as const;
export type Role = (typeof ROLES)[number];

const roleNames: ReadonlySet<string> = new Set<string>(ROLES);

export const isRole = (text: string): text is Role => roleNames.has(text);

/** Whether the actor holds the role. Actor roles are plain strings in metadata; unknown ones never match. */
export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);

/** Whether the actor holds at least one of the roles. */
export const hasAnyRole = (actor: Actor, roles: readonly Role[]): boolean =>
  roles.some((role) => hasRole(actor, role));

/**
 * The company's own people and systems: they record and carry out what the policy asks. A client's
 * administrator is not among them (P1.B.3 gives that role one power: adding its own users).
 */
export const COMPANY_ROLES: readonly Role[] = [
  "employee",
  "CTO",
  "CEO",
  "dpo",
  "management",
  "generalDirector",
  "system",
];
