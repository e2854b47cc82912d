import type { EventStore } from "../eventStore/eventStore.js";

/**
 * A store that presents events differently from how they are stored (the protection layer decrypts)
 * names the store whose bytes the hashes cover; verification and checkpoints read that one. Without
 * it, verifying through the protection layer would hash plaintext and report good data as tampered.
 */
export const VERIFICATION_SOURCE: unique symbol = Symbol.for("@privacy-ledger/verification-source");

export interface HasVerificationSource {
  readonly [VERIFICATION_SOURCE]: EventStore;
}

/** The store whose stored bytes the chains cover: the store itself, or the one it names. */
export const verificationSourceOf = (store: EventStore): EventStore => {
  let current = store;
  for (let depth = 0; depth < 8; depth++) {
    const inner = (current as Partial<HasVerificationSource>)[VERIFICATION_SOURCE];
    if (!inner) return current;
    current = inner;
  }
  return current;
};
