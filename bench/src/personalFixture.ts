import {
  defineEvent,
  eventCatalog,
  type JsonObject,
  type NewEvent,
  personal,
} from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import { eventAt } from "./fixture.js";

/**
 * The protection scenarios' events: the bench fixture (fixture.ts) with its opaque `subjectRef` replaced
 * by a subject id and two personal fields of that subject, an e-mail address and a name. Event i belongs
 * to subject i mod `subjects`, so 100k events over 10,000 subjects hold 10 events per subject and need
 * 10,000 data keys (one per subject and retention class). The protected store seals both fields; the
 * plain store gets the very same events with both fields as plain strings.
 */

export const RETENTION = "relationship";

const Personal = personal(t.string, { subject: "subjectId", retention: RETENTION });

const codec = t.type({
  subjectId: t.string,
  email: Personal,
  name: Personal,
  purpose: t.string,
  lawfulBasis: t.string,
  categories: t.array(t.string),
  retentionDays: t.number,
  channel: t.string,
  sealed: t.string,
});

/** Every type of the bench fixture, each with the same two personal fields. */
export const catalog = eventCatalog([
  defineEvent({ type: "ConsentGiven", codec, clauses: ["P3.2"] }),
  defineEvent({ type: "ConsentWithdrawn", codec, clauses: ["P3.2"] }),
  defineEvent({ type: "AccessRequested", codec, clauses: ["P7.a"] }),
  defineEvent({ type: "DataExported", codec, clauses: ["P7.a"] }),
  defineEvent({ type: "RetentionApplied", codec, clauses: ["P4.1"] }),
]);

export const subjectIdOf = (s: number): string => `subject-${String(s).padStart(6, "0")}`;

const FIRST_NAMES = ["Anna", "Bram", "Chloë", "Daan", "Eva", "Finn", "Guus", "Hanna", "Iris", "Jan"];
const LAST_NAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder"];

export const personalEventAt = (i: number, subjects: number): NewEvent => {
  const base = eventAt(i);
  const s = i % subjects;
  const { subjectRef: _subjectRef, ...rest } = base.data as JsonObject;
  return {
    ...base,
    data: {
      subjectId: subjectIdOf(s),
      email: `person.${s}@example.nl`,
      name: `${FIRST_NAMES[s % FIRST_NAMES.length]} ${LAST_NAMES[(s >> 3) % LAST_NAMES.length]}`,
      ...rest,
    },
  };
};

export const personalBatchAt = (first: number, count: number, subjects: number): NewEvent[] => {
  const events = new Array<NewEvent>(count);
  for (let k = 0; k < count; k++) events[k] = personalEventAt(first + k, subjects);
  return events;
};

/** A fixed master key: the key file's data keys are wrapped, as in production, so unwrapping is timed too. */
export const BENCH_MASTER_KEY = Buffer.alloc(32, 0x5a);
