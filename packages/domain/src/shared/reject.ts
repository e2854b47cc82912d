import { type Rejection, rejection } from "@privacy-ledger/eventsourcing";
import type { ClauseId } from "./clauses.js";

/**
 * A rejection whose clause is type-checked against the policy. `rule` is an invariant id ("INV-26") or a
 * named register rule ("ROLE-REGISTER"); `article` is the law behind it where one applies ("Art. 44").
 */
export const reject = (
  rule: string,
  clause: ClauseId,
  article: string | undefined,
  message: string,
): Rejection =>
  rejection(article === undefined ? { rule, clause, message } : { rule, clause, article, message });
