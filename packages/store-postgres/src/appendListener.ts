import type pg from "pg";

/** A connection held for LISTEN, and how to give it back (ended, or destroyed if it came from a pool). */
export interface ListenConnection {
  readonly client: pg.ClientBase;
  readonly release: (error?: Error) => Promise<void>;
}

export interface AppendListenerOptions {
  readonly connect: () => Promise<ListenConnection>;
  readonly channel: string;
  /** Called on every notification, and whenever notifications may have been missed. */
  readonly wake: () => void;
  /** How long to wait before connecting again after the connection failed or was lost. */
  readonly retryMs: number;
  /** Whether anyone still needs notifications (live subscriptions); a lost connection is only restored then. */
  readonly wanted: () => boolean;
}

/**
 * LISTENs on the schema's channel on a connection of its own, so that subscriptions learn of appends
 * committed by any connection or process within moments instead of at the next poll. It is only ever a
 * doorbell: subscriptions read by position, and a notification carries nothing they rely on. So
 * whenever notifications may have been missed (before LISTEN took effect, after the connection was
 * lost, when it comes back) it rings anyway, and subscribers re-read; between a lost connection and
 * its return, the poll interval keeps them going.
 */
export class AppendListener {
  private connection: ListenConnection | undefined;
  private connecting: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: AppendListenerOptions) {}

  /** True while LISTEN is in place. */
  get listening(): boolean {
    return this.connection !== undefined;
  }

  /**
   * Resolves once LISTEN is in place, or at once when it cannot be right now (closed, or waiting to
   * retry after a failure): the caller then relies on polling. Never rejects.
   */
  ensure(): Promise<void> {
    if (this.closed || this.connection || this.retryTimer) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    let opened: ListenConnection;
    try {
      opened = await this.options.connect();
    } catch {
      this.scheduleRetry();
      return;
    }
    // Released exactly once, whoever gets there first: a lost connection, a failed LISTEN or close().
    let released = false;
    const release = async (error?: Error): Promise<void> => {
      if (released) return;
      released = true;
      await opened.release(error).catch(() => undefined);
    };
    const connection: ListenConnection = { client: opened.client, release };
    const onLost = (error?: Error) => {
      if (released) return;
      void release(error ?? new Error("the LISTEN connection ended"));
      if (this.connection === connection) {
        this.connection = undefined;
        // Whatever was committed while nobody listened is found by the re-read this triggers.
        this.options.wake();
      }
      this.scheduleRetry();
    };
    // Without an error listener, a connection dropped by the server would crash the process.
    opened.client.on("error", (error: Error) => onLost(error));
    opened.client.on("end", () => onLost());
    opened.client.on("notification", (message: pg.Notification) => {
      if (message.channel === this.options.channel) this.options.wake();
    });
    try {
      await opened.client.query(`LISTEN "${this.options.channel}"`);
    } catch (error) {
      await release(error instanceof Error ? error : new Error(String(error)));
      this.scheduleRetry();
      return;
    }
    if (released) return;
    if (this.closed) {
      await release();
      return;
    }
    this.connection = connection;
    // Appends committed before LISTEN took effect rang no bell here: have subscribers look once more.
    this.options.wake();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.options.wanted()) void this.ensure();
    }, this.options.retryMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.connecting;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.release();
  }
}
