import type { ReadModelReader } from "../../projection/readModel.js";
import type { ErasureLedgerSchema } from "./erasureLedgerProjection.js";

export interface ErasureLedgerEntry {
  readonly subjectId: string;
  readonly retentionClass: string;
  readonly keyIds: readonly string[];
  readonly reason: string;
  readonly requestId: string | null;
  readonly erasedAt: string;
  readonly actorId: string;
}

/** Erasures in log order, of one subject or all: the PII-free proof that keys were destroyed (P7.b). */
export const erasureLedger = async (
  ledger: ReadModelReader<ErasureLedgerSchema>,
  options: { readonly subjectId?: string } = {},
): Promise<ErasureLedgerEntry[]> => {
  const rows = await ledger.find(
    "erasures",
    options.subjectId === undefined ? {} : { subjectId: options.subjectId },
    { orderBy: ["globalPosition"] },
  );
  return rows.map((row) => ({
    subjectId: row.subjectId,
    retentionClass: row.retentionClass,
    keyIds: JSON.parse(row.keyIds) as string[],
    reason: row.reason,
    requestId: row.requestId,
    erasedAt: row.erasedAt,
    actorId: row.actorId,
  }));
};
