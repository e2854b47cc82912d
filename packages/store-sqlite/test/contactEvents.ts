import { defineEvent, eventCatalog, personal } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";

/** Relationship data (P1.E.2) with personal fields of one subject, for the protection tests. */
export const ContactRecorded = defineEvent({
  type: "ContactRecorded",
  codec: t.type({
    subjectId: t.string,
    company: t.string,
    name: personal(t.string, { subject: "subjectId", retention: "relationship" }),
    email: personal(t.string, { subject: "subjectId", retention: "relationship" }),
    invoiceEmail: personal(t.string, { subject: "subjectId", retention: "fiscal" }),
  }),
  clauses: ["P1.E.2"],
});
export const contactCatalog = eventCatalog([ContactRecorded]);
