import type { RetentionTrigger } from "../processingRegister/records.js";
import type { ClauseId } from "../shared/clauses.js";
import type { RetentionClass } from "../shared/retentionClasses.js";

/** A legal hold on a retention class of a subject (Art. 17(3)(e)): its id and its reason (a case reference). */
export interface LegalHoldRef {
  readonly holdId: string;
  readonly reason: string;
}

/**
 * One line of the retention schedule (INV-27, read model 9 of the research notes): how long the data of one
 * retention class of one subject are kept, why, and whether they are gone. The protection layer keeps one
 * data key per (subject, class), so an entry is exactly what one shredding destroys.
 *
 * A subject whose class was erased and who comes back (new data of that class after the erasure) gets a
 * new entry, with the next `generation`: the new data are under a new key and on a clock of their own,
 * while the erased entry stays in the schedule as history.
 */
export interface RetentionEntry {
  /** `subjectId#retentionClass#generation`: "#" never occurs in an opaque subject id. */
  readonly key: string;
  readonly subjectId: string;
  readonly retentionClass: RetentionClass;
  /** 1 for the subject's first data of this class, +1 each time they return after an erasure. */
  readonly generation: number;
  /** What starts the period (the processing register's trigger names, Art. 30(1)(f)). */
  readonly trigger: RetentionTrigger;
  /**
   * The last instant the data may (or, fiscal, must) be kept (ISO 8601), or null while the condition that
   * ends it still holds (the subscription runs, the contact is employed, an invoice is open, a request is open).
   */
  readonly until: string | null;
  /** While `until` is null: what keeps it open, in words (ids only, nothing personal). */
  readonly condition: string | null;
  /** The clause and the law the period comes from. */
  readonly basis: string;
  readonly clauses: readonly ClauseId[];
  /** Holds on this class (Art. 17(3)(e)): while any is in place the data are not erased. */
  readonly legalHolds: readonly LegalHoldRef[];
  /** Whether the kernel recorded the class's keys as destroyed (`PersonalDataErased`). */
  readonly erased: boolean;
  /** When the erasure was recorded (its metadata's occurredAt), null when not erased or not known. */
  readonly erasedAt: string | null;
}

const SEPARATOR = "#";

/** The key of a (subject, class) pair, under which the schedule finds its current entry. */
export const pairKey = (subjectId: string, retentionClass: RetentionClass): string =>
  `${subjectId}${SEPARATOR}${retentionClass}`;

export const entryKey = (subjectId: string, retentionClass: RetentionClass, generation: number): string =>
  `${pairKey(subjectId, retentionClass)}${SEPARATOR}${generation}`;
