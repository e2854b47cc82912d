/** The first broken link found by `verify`: where it is and what is wrong with it. */
export interface IntegrityFailure {
  readonly kind:
    | "HashMismatch"
    | "BrokenLink"
    | "VersionGap"
    | "CorruptEvent"
    | "StreamTruncated"
    | "StreamMissing"
    | "HeadChanged"
    | "PositionRegressed"
    | "CheckpointSignatureInvalid";
  /** Absent only for failures of the checkpoint itself. */
  readonly streamId?: string;
  readonly streamVersion?: number;
  readonly message: string;
}

export interface VerificationSummary {
  readonly streams: number;
  readonly events: number;
  /** Global position of the last event seen (of the stream, for `verifyStream`). */
  readonly headPosition: number;
  /** Whether a signed checkpoint was checked as well. */
  readonly checkpointVerified: boolean;
}
