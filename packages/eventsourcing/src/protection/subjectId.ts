/**
 * Subject ids stay in clear text (beside every sealed field, in key records, in the erasure stream id
 * `erasure-<subjectId>`), so they follow the stream-id alphabet: opaque ids, never an e-mail address or
 * a name. 1-191 characters, so that the erasure stream id fits the 200-character limit.
 */
const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,190}$/;

export const isValidSubjectId = (subjectId: unknown): subjectId is string =>
  typeof subjectId === "string" && SUBJECT_ID.test(subjectId);

export const SUBJECT_ID_RULE =
  "a subject id is an opaque id of 1-191 characters from [A-Za-z0-9._:+=/-], starting with a letter or digit (never an e-mail address or a name)";
