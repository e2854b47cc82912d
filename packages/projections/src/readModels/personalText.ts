import { isErased, type Personal } from "@privacy-ledger/eventsourcing";

/**
 * The plaintext of a personal field for a read model, or null once it was erased: a read model holds no
 * `Erased` marker, only what is still lawful to show (P7.b, Art. 17).
 */
export const plaintextOrNull = (value: Personal<string> | undefined): string | null =>
  value === undefined || isErased(value) ? null : value;
