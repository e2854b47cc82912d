import { defineEvent, eventCatalog, personal } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";

/**
 * Relationship data (P1.E.2) for the quickstart: name and e-mail are personal data of the contact,
 * in the "relationship" retention class (P4.2: kept while the contact is employed by the client).
 */
export const ContactRecorded = defineEvent({
  type: "ContactRecorded",
  codec: t.type({
    subjectId: t.string,
    company: t.string,
    role: t.string,
    name: personal(t.string, { subject: "subjectId", retention: "relationship" }),
    email: personal(t.string, { subject: "subjectId", retention: "relationship" }),
  }),
  clauses: ["P1.E.2"],
});
export const contactCatalog = eventCatalog([ContactRecorded]);
