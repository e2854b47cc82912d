/** Time comes in through this port so deciders, stores and tests stay deterministic. */
export interface Clock {
  readonly now: () => Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and replays: it stands still until told to move. */
export interface FixedClock extends Clock {
  readonly set: (instant: Date | string) => void;
  readonly advance: (milliseconds: number) => void;
}

export const fixedClock = (start: Date | string): FixedClock => {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = new Date(instant).getTime();
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
};
