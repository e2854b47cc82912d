import { createHash, randomUUID } from "node:crypto";

/** Ids come in through this port so that tests and retries can make them deterministic. */
export interface IdGenerator {
  readonly next: () => string;
}

export const randomIds: IdGenerator = { next: () => randomUUID() };

/**
 * Deterministic RFC 4122-shaped (version 4 layout) ids derived from a seed and a counter: the same seed
 * gives the same ids in every run, which is what a test or a replayed import needs.
 */
export const deterministicIds = (seed: string): IdGenerator => {
  let counter = 0;
  return {
    next: () => {
      counter += 1;
      return uuidFromName(`${seed}:${counter}`);
    },
  };
};

/** An RFC 4122-shaped id derived from a name by SHA-256: the same name always gives the same id. */
export const uuidFromName = (name: string): string => {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
