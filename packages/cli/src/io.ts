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

/** Exit codes: 0 all verified / done, 1 a verification failed, 2 a usage or input error, 3 broken infrastructure. */
export const EXIT = { ok: 0, failed: 1, usage: 2, infrastructure: 3 } as const;
