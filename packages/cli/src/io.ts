/** Where a command writes: stdout for results, stderr for the one line that says what went wrong. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Whether progress may be drawn in place (a terminal); plain progress lines otherwise. */
  readonly tty?: boolean;
  /** Redraws the progress line in place (on a terminal); "" ends it. */
  readonly status?: (text: string) => void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  tty: process.stderr.isTTY === true,
  status: (text) => process.stderr.write(text === "" ? "\n" : `\r${text}\u001b[K`),
};

/**
 * Exit codes: 0 all verified / done, 1 a verification failed, 2 a usage or input error, 3 broken
 * infrastructure; 130 and 143 a long run (replay) stopped gracefully by SIGINT or SIGTERM, 128 + the
 * signal's number as shells report a process the signal ended, so scripts read it the same way.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  infrastructure: 3,
  interrupted: 130,
  terminated: 143,
} as const;
