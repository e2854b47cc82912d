import { right } from "fp-ts/lib/Either.js";
import { registeredProcessing } from "../processingRegister/authorises.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import { reject } from "../shared/reject.js";
import type { RestrictionsInForce } from "../shared/restrictions.js";
import type { IssueInvoice, LogBillingContact, RecordPayment } from "./commands.js";
import { INVOICING_PURPOSE, RECEIVABLES_PURPOSE } from "./events.js";
import { FISCAL_RETENTION } from "./records.js";
import {
  type Check,
  type Decision,
  decided,
  firstFailure,
  inStatus,
  instant,
  isOpaqueId,
  knownInvoice,
  unrestricted,
} from "./rules.js";
import type { SubscriptionState } from "./state.js";

/** P1.D.2: amounts in the currency's minor unit. (Credit notes are not modelled yet.) */
const positiveCents = (amountCents: number): Check =>
  Number.isInteger(amountCents) && amountCents > 0
    ? undefined
    : reject("SUB-AMOUNT", "P1.D.2", undefined, "an amount is a positive whole number of cents");

/**
 * P1.D.1-P1.D.4: invoices, payments and contact about open items. They outlive the subscription's end
 * (P1.D.3): the fiscal duty keeps them, in their own retention class (INV-10).
 */
export const decideBilling = (
  command: IssueInvoice | RecordPayment | LogBillingContact,
  state: SubscriptionState,
  register: ProcessingRegisterState,
  restrictions: RestrictionsInForce,
): Decision => {
  const { subscriptionId } = state;
  switch (command.kind) {
    case "IssueInvoice": {
      const { kind: _kind, actor: _actor, ...invoice } = command;
      return decided(
        firstFailure(
          // P1.D.1, P1.D.3: invoices follow activation, and a final invoice may follow the end.
          () => inStatus(state, ["active", "ended"], "invoicing", "P1.D.1"),
          () =>
            state.invoices.has(invoice.invoiceId)
              ? reject(
                  "SUB-DUPLICATE",
                  "P1.D.1",
                  undefined,
                  `invoice ${invoice.invoiceId} was already issued`,
                )
              : undefined,
          () =>
            isOpaqueId(invoice.invoiceId)
              ? undefined
              : reject("SUB-ID", "P1.D.1", undefined, "an invoice id is opaque"),
          () =>
            isOpaqueId(invoice.billingContactSubjectId)
              ? undefined
              : reject("SUB-ID", "P1.D.1", undefined, "the billing contact is named by an opaque subject id"),
          () => instant(invoice.issuedAt, "issuedAt", "P1.D.2"),
          () =>
            unrestricted(restrictions, invoice.billingContactSubjectId, FISCAL_RETENTION, INVOICING_PURPOSE),
          () => positiveCents(invoice.amountCents),
          () =>
            registeredProcessing(register, {
              activityId: invoice.activityId,
              purpose: INVOICING_PURPOSE,
              legalBasisKind: "contract",
              dataCategories: ["billingContactName", "billingContactEmail"],
              subjectCategory: "billingContact",
            }),
        ),
        () => [{ type: "InvoiceIssued", data: { subscriptionId, ...invoice, purpose: INVOICING_PURPOSE } }],
      );
    }
    case "RecordPayment": {
      const { kind: _kind, actor: _actor, ...payment } = command;
      // The same payment recorded twice is one payment.
      if (state.payments.has(payment.paymentId)) return right([]);
      return decided(
        firstFailure(
          () => knownInvoice(state, payment.invoiceId),
          () => instant(payment.paidAt, "paidAt", "P1.D.2"),
          () => positiveCents(payment.amountCents),
          () =>
            registeredProcessing(register, {
              activityId: payment.activityId,
              purpose: INVOICING_PURPOSE,
              legalBasisKind: "contract",
              dataCategories: ["paymentHistory"],
              subjectCategory: "billingContact",
            }),
        ),
        () => [{ type: "PaymentRecorded", data: { subscriptionId, ...payment } }],
      );
    }
    case "LogBillingContact": {
      const { kind: _kind, actor: _actor, ...contact } = command;
      return decided(
        firstFailure(
          () => knownInvoice(state, contact.invoiceId),
          () =>
            isOpaqueId(contact.contactSubjectId)
              ? undefined
              : reject("SUB-ID", "P1.D.2", undefined, "the contact is named by an opaque subject id"),
          () => instant(contact.contactedAt, "contactedAt", "P1.D.2"),
          () => unrestricted(restrictions, contact.contactSubjectId, FISCAL_RETENTION, RECEIVABLES_PURPOSE),
          () =>
            registeredProcessing(register, {
              activityId: contact.activityId,
              purpose: RECEIVABLES_PURPOSE,
              legalBasisKind: "contract",
              dataCategories: ["contactNotes"],
              subjectCategory: "billingContact",
            }),
        ),
        () => [
          {
            type: "BillingContactLogged",
            data: { subscriptionId, ...contact, purpose: RECEIVABLES_PURPOSE },
          },
        ],
      );
    }
  }
};
