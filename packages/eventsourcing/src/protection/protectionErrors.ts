/** A sealed field whose ciphertext, nonce or context no longer authenticates: tampering or corruption. */
export class PersonalDataTamperedError extends Error {
  override readonly name = "PersonalDataTamperedError";
  constructor(
    readonly streamId: string,
    readonly streamVersion: number,
    readonly fieldPath: string,
  ) {
    super(
      `personal field ${fieldPath} of ${streamId}@${streamVersion} fails authentication: it was altered or moved`,
    );
  }
}

/**
 * A sealed field whose key the key store does not know and never shredded. Reading it as `Erased`
 * would hide a lost key (an availability breach, GDPR Art. 4(12)), so it is an error.
 */
export class DataKeyMissingError extends Error {
  override readonly name = "DataKeyMissingError";
  constructor(
    readonly streamId: string,
    readonly streamVersion: number,
    readonly fieldPath: string,
    readonly keyId: string,
  ) {
    super(
      `key ${keyId} of personal field ${fieldPath} in ${streamId}@${streamVersion} is missing from the key store and was never shredded`,
    );
  }
}

/** The master key given at open does not unwrap this key store (or one was expected and none given). */
export class WrongMasterKeyError extends Error {
  override readonly name = "WrongMasterKeyError";
}

/** An event whose personal field cannot be protected as marked (e.g. its subject field is missing). */
export class PersonalDataMarkingError extends Error {
  override readonly name = "PersonalDataMarkingError";
}
