import type { Rejection } from "@privacy-ledger/eventsourcing";

/** One rule's verdict: the rejection when it fails, undefined when it holds. */
export type Check = Rejection | undefined;

/** Runs rules in order and returns the first that fails: deciders refuse with the first broken rule. */
export const firstFailure = (...checks: readonly (() => Check)[]): Check => {
  for (const check of checks) {
    const failure = check();
    if (failure !== undefined) return failure;
  }
  return undefined;
};
