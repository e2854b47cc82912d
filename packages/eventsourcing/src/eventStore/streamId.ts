import { InvalidAppendError } from "./errors.js";

/**
 * Stream ids are indexed in clear text by every store (and by EventStoreDB's $streams), so they must
 * never carry personal data. The alphabet leaves out '@' and whitespace, which keeps e-mail addresses
 * and names out by construction; use opaque ids ("subject-7f3c…").
 */
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,199}$/;

export const assertValidStreamId = (streamId: string): void => {
  if (!STREAM_ID.test(streamId)) {
    throw new InvalidAppendError(
      "invalid stream id: use 1-200 characters from [A-Za-z0-9._:+=/-], starting with a letter or digit; " +
        "stream ids are stored in clear text and must never hold personal data",
    );
  }
};
