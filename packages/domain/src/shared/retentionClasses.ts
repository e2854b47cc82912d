import * as t from "io-ts";

/**
 * The one list of retention classes (INV-27): a personal field's marking, the register's retention rules
 * and the retention schedule all use these names, and the protection layer keeps one data key per
 * (subject, class), so each class is shredded on its own clock.
 */
export const RETENTION_CLASSES = [
  /** P4.1, INV-28: client and user data; the subscription's term plus the 6-month backup window. */
  "contract",
  /** P1.D.3, AWR art. 52(4), INV-10, INV-11: billing records, seven years after they left current administration. */
  "fiscal",
  /** P4.2, INV-14: business contacts' data, as long as the contact is employed at the client. */
  "relationship",
  /** P1.C, decision D4: training participants' data, 12 months after the training by default. */
  "training",
  /** P1.F, decision D4: newsletter data, until unsubscribe or objection (the Consent aggregate's). */
  "marketing",
  /** Art. 5(2), decision D4: what a rights request or a breach record holds of a person, 5 years after closing. */
  "accountability",
] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

const classNames: ReadonlySet<string> = new Set<string>(RETENTION_CLASSES);

export const isRetentionClass = (text: string): text is RetentionClass => classNames.has(text);

export const RetentionClassCodec: t.Type<RetentionClass, string, unknown> = t.keyof(
  Object.fromEntries(RETENTION_CLASSES.map((name) => [name, null])) as Record<RetentionClass, null>,
  "RetentionClass",
);
