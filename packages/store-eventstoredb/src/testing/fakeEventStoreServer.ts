import { randomUUID } from "node:crypto";
import codePb from "@eventstore/db-client/generated/code_pb.js";
import serverFeaturesGrpc from "@eventstore/db-client/generated/serverfeatures_grpc_pb.js";
import serverFeaturesPb from "@eventstore/db-client/generated/serverfeatures_pb.js";
import type * as SharedPb from "@eventstore/db-client/generated/shared_pb.js";
import sharedPb from "@eventstore/db-client/generated/shared_pb.js";
import statusPb from "@eventstore/db-client/generated/status_pb.js";
import streamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js";
import type * as StreamsPb from "@eventstore/db-client/generated/streams_pb.js";
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import {
  status as grpcStatus,
  Metadata,
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from "@grpc/grpc-js";
import anyPb from "google-protobuf/google/protobuf/any_pb.js";
import emptyPb from "google-protobuf/google/protobuf/empty_pb.js";

const { Code } = codePb;
const { ServerFeaturesService } = serverFeaturesGrpc;
const { SupportedMethod, SupportedMethods } = serverFeaturesPb;
const { StreamIdentifier, UUID, Empty, WrongExpectedVersion, StreamDeleted, Timeout, AccessDenied } =
  sharedPb;
const { Status } = statusPb;
const { StreamsService } = streamsGrpc;
const { AppendResp, BatchAppendResp, ReadResp, TombstoneResp } = streamsPb;
const { Any } = anyPb;

/** What EventStoreDB sends for "no position". */
const NO_POSITION = "18446744073709551615";

export interface FakeEventStoreServerOptions {
  /**
   * How log positions are assigned. `log` (default): growing byte offsets after a few seeded system
   * records, as on a fresh KurrentDB node. `dense`: 1, 2, 3, …, which the kernel's conformance suite
   * needs (it subscribes `after: 1` expecting the first event to be at position 1).
   */
  readonly positions?: "log" | "dense";
  /** Seeds `$settings` and `$stats-…` records first. Default: true with `log` positions, false with `dense`. */
  readonly systemRecords?: boolean;
  /** The first log position handed out (to put positions near 2^53). Default 1 (dense) or 4096 (log). */
  readonly firstPosition?: bigint;
  /**
   * Advertise BatchAppend through ServerFeatures, as servers from 21.10 on do (default; the client then
   * appends over the BatchAppend duplex), or answer UNIMPLEMENTED like a 20.x server (plain Append).
   */
  readonly batchAppend?: boolean;
  /**
   * The commit position that stream reads report: `none` (2^64 - 1, default), as servers before
   * 22.6 (and, by several reports, later ones) do, leaving only the prepare position; or `same`.
   */
  readonly streamReadCommitPosition?: "none" | "same";
}

/** One stored record, as the fake's log holds it. Tests and the tamper helper may edit these. */
export interface FakeRecord {
  streamId: string;
  revision: bigint;
  position: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  data: Uint8Array;
  readonly metadata: Uint8Array;
  readonly created: bigint;
}

export type RecordedExpectation =
  | { readonly kind: "revision"; readonly revision: bigint }
  | { readonly kind: "no_stream" }
  | { readonly kind: "any" }
  | { readonly kind: "stream_exists" };

/** One proposed event as the fake received it: data and metadata parsed when they are JSON. */
export interface RecordedProposal {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface RecordedAppend {
  readonly rpc: "append" | "batchAppend";
  readonly stream: string;
  readonly expected: RecordedExpectation;
  readonly requiresLeader: boolean;
  readonly events: readonly RecordedProposal[];
}

export type RecordedReadFrom =
  | "start"
  | "end"
  | bigint
  | { readonly commit: bigint; readonly prepare: bigint };

export interface RecordedRead {
  readonly rpc: "read";
  readonly target: "stream" | "$all";
  readonly stream?: string;
  readonly from: RecordedReadFrom;
  readonly direction: "forwards" | "backwards";
  /** Undefined for a subscription. */
  readonly count?: bigint;
  readonly subscription: boolean;
  readonly filter?: {
    readonly on: "streamName" | "eventType";
    readonly regex: string;
    readonly prefixes: readonly string[];
  };
  readonly requiresLeader: boolean;
}

export interface RecordedOther {
  readonly rpc: "serverFeatures" | "tombstone" | "delete";
  readonly stream?: string;
}

export type RecordedRequest = RecordedAppend | RecordedRead | RecordedOther;

/**
 * A failure the fake answers with, the way a real server sends it on the wire:
 * - `unavailable`: status UNAVAILABLE (a node that is not ready, a dropped connection);
 * - `not-leader`: status NOT_FOUND with `exception: not-leader` and the leader's endpoint (this fake);
 * - `deadline-exceeded`: status DEADLINE_EXCEEDED; for BatchAppend, a per-request `Timeout` error;
 * - `timeout`: the server's own commit timeout, status ABORTED; for BatchAppend a `Timeout` error;
 * - `stall`: no answer at all; the client's deadline (Append) or the request's deadline (BatchAppend,
 *   enforced by the server, answered with `Timeout`) ends it;
 * - `stream-deleted`: `exception: stream-deleted`; for BatchAppend a `StreamDeleted` error;
 * - `access-denied`: PERMISSION_DENIED with `exception: access-denied`; for BatchAppend `AccessDenied`;
 * - `wrong-expected-version`: a WrongExpectedVersion reply naming the stream's real current revision;
 * - `timeout-after-write`: the append is written, then answered with the server's commit timeout, as
 *   when the cluster acknowledged it too late: the client cannot know it went through.
 */
export type FakeFault =
  | "unavailable"
  | "not-leader"
  | "deadline-exceeded"
  | "timeout"
  | "stall"
  | "stream-deleted"
  | "access-denied"
  | "wrong-expected-version"
  | "timeout-after-write";

export interface FaultRule {
  /** `read` = stream and $all reads; `subscribe` = catch-up subscriptions; `append` = Append and BatchAppend. */
  readonly rpc: "append" | "read" | "subscribe";
  readonly fault: FakeFault;
  /** Only calls on this stream (`$all` for $all reads). Default: any. */
  readonly stream?: string;
  /** How many matching calls fail. Default 1. */
  readonly times?: number;
  /** Reads and subscriptions: deliver this many events first, then fail. Default 0. */
  readonly afterEvents?: number;
  /** Let this many matching calls through before the first failure (e.g. fail a read's second page). Default 0. */
  readonly skipCalls?: number;
}

interface ActiveFault extends FaultRule {
  remaining: number;
  skip: number;
}

interface Subscriber {
  readonly call: ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>;
  readonly accepts: (record: FakeRecord) => boolean;
  delivered: number;
  fault: ActiveFault | undefined;
}

type AppendOutcome =
  | { readonly kind: "success"; readonly current: bigint | undefined; readonly position: bigint | undefined }
  | { readonly kind: "wrong-expected-version"; readonly current: bigint | undefined }
  | { readonly kind: "deleted" };

/**
 * An in-process EventStoreDB for tests: a `@grpc/grpc-js` server on 127.0.0.1 (insecure) implementing
 * the Streams and ServerFeatures services from the client package's own service definitions, over an
 * in-memory log. It behaves like a server for what the store uses: expected revisions with
 * EventStoreDB's idempotency rules, reads both ways, $all, catch-up-then-live subscriptions with
 * server-side filters, tombstones; it records every request and answers with injected faults.
 *
 * It is a protocol-level stand-in, not a server: no cluster, no persistence, no scavenging, no
 * projections, no ACLs, no server-side enforcement of the 16 MB event limit.
 */
export class FakeEventStoreServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Runs before an append is applied: a test can make another writer get there first. */
  beforeAppend: ((append: RecordedAppend) => void | Promise<void>) | undefined;

  private readonly log: FakeRecord[] = [];
  private byStream = new Map<string, FakeRecord[]>();
  private readonly tombstoned = new Set<string>();
  private readonly faults: ActiveFault[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private readonly stalled = new Set<() => void>();
  private nextPosition: bigint;
  private readonly dense: boolean;
  private readonly batchAppend: boolean;
  private readonly streamCommit: "none" | "same";

  private constructor(
    private readonly server: Server,
    readonly port: number,
    options: FakeEventStoreServerOptions,
  ) {
    this.dense = options.positions === "dense";
    this.nextPosition = options.firstPosition ?? (this.dense ? 1n : 4096n);
    this.batchAppend = options.batchAppend ?? true;
    this.streamCommit = options.streamReadCommitPosition ?? "none";
    if (options.systemRecords ?? !this.dense) {
      this.writeRaw("$settings", [{ type: "$settings", data: { $userStreamAcl: {} } }]);
      this.writeRaw("$stats-127.0.0.1:2113", [
        { type: "$statsCollected", data: { "proc-cpu": 1 } },
        { type: "$statsCollected", data: { "proc-cpu": 2 } },
      ]);
    }
  }

  static async start(options: FakeEventStoreServerOptions = {}): Promise<FakeEventStoreServer> {
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    const fake = new FakeEventStoreServer(server, port, options);
    server.addService(StreamsService, {
      read: (call: ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>) => fake.read(call),
      append: (
        call: ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>,
        callback: sendUnaryData<StreamsPb.AppendResp>,
      ) => fake.append(call, callback),
      batchAppend: (call: ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>) =>
        fake.batch(call),
      delete: (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        fake.requests.push({ rpc: "delete" });
        void call;
        callback({ code: grpcStatus.UNIMPLEMENTED, details: "the fake does not soft-delete streams" });
      },
      tombstone: (
        call: ServerUnaryCall<StreamsPb.TombstoneReq, StreamsPb.TombstoneResp>,
        callback: sendUnaryData<StreamsPb.TombstoneResp>,
      ) => {
        const stream = streamName(call.request.getOptions()?.getStreamIdentifier());
        fake.requests.push({ rpc: "tombstone", stream });
        fake.tombstone(stream);
        const response = new TombstoneResp();
        response.setNoPosition(new Empty());
        callback(null, response);
      },
    });
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (
        _call: ServerUnaryCall<SharedPb.Empty, unknown>,
        callback: sendUnaryData<InstanceType<typeof SupportedMethods>>,
      ) => fake.supportedMethods(callback),
    });
    return fake;
  }

  /** `esdb://127.0.0.1:<port>?tls=false`, plus any extra connection-string settings. */
  connectionString(settings: Record<string, string | number> = {}): string {
    const extra = Object.entries(settings)
      .map(([key, value]) => `&${key}=${value}`)
      .join("");
    return `esdb://127.0.0.1:${this.port}?tls=false${extra}`;
  }

  /** Makes the next matching calls fail; see `FakeFault`. */
  failNext(rule: FaultRule): void {
    this.faults.push({ ...rule, remaining: rule.times ?? 1, skip: rule.skipCalls ?? 0 });
  }

  appends(): RecordedAppend[] {
    return this.requests.filter((r): r is RecordedAppend => r.rpc === "append" || r.rpc === "batchAppend");
  }

  reads(): RecordedRead[] {
    return this.requests.filter((r): r is RecordedRead => r.rpc === "read");
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** The records of one stream in revision order, or of the whole log in position order. */
  records(stream?: string): FakeRecord[] {
    return stream === undefined ? [...this.log] : [...(this.byStream.get(stream) ?? [])];
  }

  /**
   * Appends records as another writer would (another application, the server itself), bypassing
   * expected revisions: for system records and events without this library's envelope.
   */
  writeRaw(
    stream: string,
    events: readonly {
      readonly id?: string;
      readonly type: string;
      readonly data: unknown;
      readonly metadata?: unknown;
      readonly contentType?: string;
    }[],
  ): FakeRecord[] {
    const current = this.lastRevision(stream);
    return events.map((event, i) =>
      this.store({
        streamId: stream,
        revision: (current ?? -1n) + 1n + BigInt(i),
        id: event.id ?? randomUUID(),
        type: event.type,
        contentType: event.contentType ?? "application/json",
        data: Buffer.from(JSON.stringify(event.data)),
        metadata:
          event.metadata === undefined ? new Uint8Array() : Buffer.from(JSON.stringify(event.metadata)),
      }),
    );
  }

  /** Deletes a stream for good, as `$tombstone` does: reads and appends then fail with stream-deleted. */
  tombstone(stream: string): void {
    this.tombstoned.add(stream);
  }

  /**
   * Changes the log behind the server's back (the tamper helper uses this): `change` may edit, add or
   * remove records of `log()`; the per-stream index is rebuilt afterwards, as a careful attacker would.
   */
  edit(change: (log: FakeRecord[]) => void): void {
    change(this.log);
    this.log.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    const index = new Map<string, FakeRecord[]>();
    for (const record of this.log) {
      const list = index.get(record.streamId) ?? [];
      list.push(record);
      index.set(record.streamId, list);
    }
    for (const list of index.values()) list.sort((a, b) => (a.revision < b.revision ? -1 : 1));
    this.byStream = index;
    const last = this.log.at(-1);
    if (last && last.position + this.positionStep(last) > this.nextPosition)
      this.nextPosition = last.position + this.positionStep(last);
  }

  /** How far a position moves when a record is slotted in before it (1 when dense, a record's size otherwise). */
  positionStep(record: Pick<FakeRecord, "data" | "metadata" | "type">): bigint {
    return this.dense ? 1n : BigInt(96 + record.type.length + record.data.length + record.metadata.length);
  }

  /** Ends live subscriptions, releases stalled calls and stops the server. */
  async close(): Promise<void> {
    for (const subscriber of this.subscribers) if (!subscriber.call.cancelled) subscriber.call.end();
    this.subscribers.clear();
    for (const release of this.stalled) release();
    this.server.forceShutdown();
  }

  // ------------------------------------------------------------------------------------- storage

  private lastRevision(stream: string): bigint | undefined {
    return this.byStream.get(stream)?.at(-1)?.revision;
  }

  private store(record: Omit<FakeRecord, "position" | "created">): FakeRecord {
    const stored: FakeRecord = {
      ...record,
      position: this.nextPosition,
      created: BigInt(Date.now()) * 10_000n,
    };
    this.nextPosition += this.positionStep(stored);
    this.log.push(stored);
    const list = this.byStream.get(stored.streamId) ?? [];
    list.push(stored);
    this.byStream.set(stored.streamId, list);
    for (const subscriber of this.subscribers) this.deliver(subscriber, stored);
    return stored;
  }

  /** EventStoreDB's rules for an expected revision, idempotent retries included. */
  private apply(
    stream: string,
    expected: RecordedExpectation,
    proposals: readonly StoredProposal[],
  ): AppendOutcome {
    if (this.tombstoned.has(stream)) return { kind: "deleted" };
    const current = this.lastRevision(stream);
    const write = (): AppendOutcome => {
      const written = proposals.map((proposal, i) =>
        this.store({ ...proposal, streamId: stream, revision: (current ?? -1n) + 1n + BigInt(i) }),
      );
      const last = written.at(-1);
      return { kind: "success", current: last?.revision ?? current, position: last?.position };
    };
    /** The batch is already there right after `after`: answer as for the original write. */
    const idempotentAfter = (after: bigint): AppendOutcome | undefined => {
      const stored = this.byStream.get(stream) ?? [];
      const matches = proposals.map((proposal, i) =>
        stored.find((r) => r.revision === after + 1n + BigInt(i) && r.id === proposal.id),
      );
      if (proposals.length === 0 || matches.some((m) => m === undefined)) return undefined;
      const last = matches.at(-1) as FakeRecord;
      return { kind: "success", current: last.revision, position: last.position };
    };
    const wrong: AppendOutcome = { kind: "wrong-expected-version", current };
    switch (expected.kind) {
      case "any": {
        const first = (this.byStream.get(stream) ?? []).find((r) => r.id === proposals[0]?.id);
        return (first && idempotentAfter(first.revision - 1n)) ?? write();
      }
      case "stream_exists":
        return current === undefined ? wrong : write();
      case "no_stream":
        return current === undefined ? write() : (idempotentAfter(-1n) ?? wrong);
      case "revision":
        if (current === expected.revision) return write();
        return current !== undefined && expected.revision < current
          ? (idempotentAfter(expected.revision) ?? wrong)
          : wrong;
    }
  }

  // ---------------------------------------------------------------------------------------- RPCs

  private supportedMethods(callback: sendUnaryData<InstanceType<typeof SupportedMethods>>): void {
    this.requests.push({ rpc: "serverFeatures" });
    if (!this.batchAppend) {
      callback({ code: grpcStatus.UNIMPLEMENTED, details: "Method not found" });
      return;
    }
    const methods = new SupportedMethods();
    methods.setEventStoreServerVersion("24.10.0");
    for (const name of ["Read", "Append", "BatchAppend", "Delete", "Tombstone"]) {
      const method = new SupportedMethod();
      method.setServiceName("event_store.client.streams.Streams");
      method.setMethodName(name);
      methods.addMethods(method);
    }
    callback(null, methods);
  }

  private async append(
    call: ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>,
    callback: sendUnaryData<StreamsPb.AppendResp>,
  ): Promise<void> {
    let options: StreamsPb.AppendReq.Options | undefined;
    const proposals: StoredProposal[] = [];
    call.on("data", (request: StreamsPb.AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      const message = request.getProposedMessage();
      if (message) proposals.push(proposalOf(message));
    });
    await new Promise<void>((resolve) => call.on("end", resolve));
    const stream = streamName(options?.getStreamIdentifier());
    const expected = appendExpectation(options);
    const recorded = this.recordAppend("append", stream, expected, call.metadata, proposals);
    const fault = this.takeFault("append", stream);
    if (fault) {
      if (fault.fault === "stall") return this.stall();
      if (fault.fault === "timeout-after-write") this.apply(stream, expected, proposals);
      if (fault.fault === "wrong-expected-version")
        return callback(null, appendWrongExpectedVersion(this.lastRevision(stream), expected));
      return callback(this.callError(fault.fault, stream));
    }
    await this.beforeAppend?.(recorded);
    const outcome = this.apply(stream, expected, proposals);
    if (outcome.kind === "deleted") return callback(this.callError("stream-deleted", stream));
    if (outcome.kind === "wrong-expected-version")
      return callback(null, appendWrongExpectedVersion(outcome.current, expected));
    const success = new AppendResp.Success();
    if (outcome.current === undefined) success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.current.toString());
    if (outcome.position === undefined) success.setNoPosition(new Empty());
    else success.setPosition(appendPosition(outcome.position));
    const response = new AppendResp();
    response.setSuccess(success);
    callback(null, response);
  }

  private batch(call: ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>): void {
    const pending = new Map<
      string,
      { options: StreamsPb.BatchAppendReq.Options; proposals: StoredProposal[] }
    >();
    call.on("data", (request: StreamsPb.BatchAppendReq) => {
      const correlation = uuidOf(request.getCorrelationId());
      const entry = pending.get(correlation) ?? {
        options: request.getOptions() as StreamsPb.BatchAppendReq.Options,
        proposals: [],
      };
      pending.set(correlation, entry);
      for (const message of request.getProposedMessagesList()) entry.proposals.push(proposalOf(message));
      if (!request.getIsFinal()) return;
      pending.delete(correlation);
      void this.batchRequest(call, correlation, entry.options, entry.proposals).catch((error: unknown) =>
        call.emit("error", { code: grpcStatus.INTERNAL, details: String(error) }),
      );
    });
    call.on("end", () => call.end());
  }

  private async batchRequest(
    call: ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>,
    correlation: string,
    options: StreamsPb.BatchAppendReq.Options,
    proposals: StoredProposal[],
  ): Promise<void> {
    const stream = streamName(options.getStreamIdentifier());
    const expected = batchExpectation(options);
    const recorded = this.recordAppend("batchAppend", stream, expected, call.metadata, proposals);
    const response = new BatchAppendResp();
    response.setCorrelationId(uuidMessage(correlation));
    response.setStreamIdentifier(streamIdentifier(stream));
    const fail = (
      code: number,
      message: string,
      details: { serializeBinary(): Uint8Array },
      name: string,
    ) => {
      const status = new Status();
      status.setCode(code);
      status.setMessage(message);
      const any = new Any();
      any.pack(details.serializeBinary(), name);
      status.setDetails(any);
      response.setError(status);
      if (!call.cancelled) call.write(response);
    };
    const timeout = () =>
      fail(Code.DEADLINE_EXCEEDED, "Timeout", new Timeout(), "event_store.client.Timeout");
    const deleted = () => {
      const details = new StreamDeleted();
      details.setStreamIdentifier(streamIdentifier(stream));
      fail(Code.FAILED_PRECONDITION, "Stream deleted", details, "event_store.client.StreamDeleted");
    };
    const wrong = (current: bigint | undefined) => {
      const details = new WrongExpectedVersion();
      if (current === undefined) details.setCurrentNoStream(new emptyPb.Empty());
      else details.setCurrentStreamRevision(current.toString());
      if (expected.kind === "revision") details.setExpectedStreamPosition(expected.revision.toString());
      else if (expected.kind === "no_stream") details.setExpectedNoStream(new emptyPb.Empty());
      else if (expected.kind === "stream_exists") details.setExpectedStreamExists(new emptyPb.Empty());
      else details.setExpectedAny(new emptyPb.Empty());
      fail(
        Code.FAILED_PRECONDITION,
        "Wrong expected version",
        details,
        "event_store.client.WrongExpectedVersion",
      );
    };

    const fault = this.takeFault("append", stream);
    if (fault) {
      switch (fault.fault) {
        case "unavailable":
        case "not-leader":
          // Call-level failures: they end the whole BatchAppend duplex, as on a real server.
          call.emit("error", this.callError(fault.fault, stream));
          return;
        case "deadline-exceeded":
        case "timeout":
          return timeout();
        case "stall": {
          // The server enforces the deadline the client put in the request's options.
          const deadline = options.getDeadline()?.toDate().getTime() ?? Date.now();
          await this.stall(Math.max(0, deadline - Date.now()));
          return timeout();
        }
        case "stream-deleted":
          return deleted();
        case "access-denied":
          return fail(
            Code.PERMISSION_DENIED,
            "Access denied",
            new AccessDenied(),
            "event_store.client.AccessDenied",
          );
        case "wrong-expected-version":
          return wrong(this.lastRevision(stream));
        case "timeout-after-write":
          this.apply(stream, expected, proposals);
          return timeout();
      }
    }
    await this.beforeAppend?.(recorded);
    const outcome = this.apply(stream, expected, proposals);
    if (outcome.kind === "deleted") return deleted();
    if (outcome.kind === "wrong-expected-version") return wrong(outcome.current);
    const success = new BatchAppendResp.Success();
    if (outcome.current === undefined) success.setNoStream(new emptyPb.Empty());
    else success.setCurrentRevision(outcome.current.toString());
    if (outcome.position === undefined) success.setNoPosition(new emptyPb.Empty());
    else {
      const position = new sharedPb.AllStreamPosition();
      position.setCommitPosition(outcome.position.toString());
      position.setPreparePosition(outcome.position.toString());
      success.setPosition(position);
    }
    response.setSuccess(success);
    if (!call.cancelled) call.write(response);
  }

  private read(call: ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>): void {
    const options = call.request.getOptions();
    if (!options) {
      call.emit("error", { code: grpcStatus.INVALID_ARGUMENT, details: "no options" });
      return;
    }
    const requiresLeader = call.metadata.get("requires-leader")[0] === "true";
    const subscription = options.hasSubscription();
    const direction = options.getReadDirection() === 1 ? "backwards" : "forwards";
    const count = options.hasCount() ? BigInt(options.getCount()) : undefined;
    const filter = filterOf(options.getFilter());

    if (options.hasStream()) {
      const streamOptions = options.getStream() as StreamsPb.ReadReq.Options.StreamOptions;
      const stream = streamName(streamOptions.getStreamIdentifier());
      const from: RecordedReadFrom = streamOptions.hasStart()
        ? "start"
        : streamOptions.hasEnd()
          ? "end"
          : BigInt(streamOptions.getRevision());
      this.requests.push({
        rpc: "read",
        target: "stream",
        stream,
        from,
        direction,
        count,
        subscription,
        filter,
        requiresLeader,
      });
      if (subscription) {
        call.emit("error", {
          code: grpcStatus.UNIMPLEMENTED,
          details: "the fake has no stream subscriptions",
        });
        return;
      }
      this.readStream(call, stream, from, direction, count ?? 0n);
      return;
    }

    const all = options.getAll() as StreamsPb.ReadReq.Options.AllOptions;
    const position = all.getPosition();
    const from: RecordedReadFrom = all.hasStart()
      ? "start"
      : all.hasEnd()
        ? "end"
        : {
            commit: BigInt(position?.getCommitPosition() ?? "0"),
            prepare: BigInt(position?.getPreparePosition() ?? "0"),
          };
    this.requests.push({
      rpc: "read",
      target: "$all",
      from,
      direction,
      count,
      subscription,
      filter,
      requiresLeader,
    });
    if (subscription) this.subscribeToAll(call, from, filter);
    else this.readAll(call, from, direction, count ?? 0n);
  }

  private readStream(
    call: ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>,
    stream: string,
    from: RecordedReadFrom,
    direction: "forwards" | "backwards",
    count: bigint,
  ): void {
    const fault = this.takeFault("read", stream);
    if (fault && (fault.afterEvents ?? 0) === 0) {
      this.failCall(call, fault.fault, stream);
      return;
    }
    if (this.tombstoned.has(stream)) {
      this.failCall(call, "stream-deleted", stream);
      return;
    }
    const records = this.byStream.get(stream) ?? [];
    if (records.length === 0) {
      const response = new ReadResp();
      const notFound = new ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(streamIdentifier(stream));
      response.setStreamNotFound(notFound);
      call.write(response);
      call.end();
      return;
    }
    let selected =
      direction === "forwards"
        ? records.filter((r) => from === "start" || (typeof from === "bigint" && r.revision >= from))
        : [...records]
            .reverse()
            .filter((r) => from === "end" || (typeof from === "bigint" && r.revision <= from));
    selected = selected.slice(0, Number(count));
    this.sendAll(call, selected, "stream", fault);
  }

  private readAll(
    call: ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>,
    from: RecordedReadFrom,
    direction: "forwards" | "backwards",
    count: bigint,
  ): void {
    const fault = this.takeFault("read", "$all");
    if (fault && (fault.afterEvents ?? 0) === 0) {
      this.failCall(call, fault.fault, "$all");
      return;
    }
    const at = typeof from === "object" ? from.commit : undefined;
    // $all reads from a position include the record at it forwards and exclude it backwards.
    const selected = (
      direction === "forwards"
        ? this.log.filter((r) => from === "start" || (at !== undefined && r.position >= at))
        : [...this.log].reverse().filter((r) => from === "end" || (at !== undefined && r.position < at))
    ).slice(0, Number(count));
    this.sendAll(call, selected, "all", fault);
  }

  private sendAll(
    call: ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>,
    records: readonly FakeRecord[],
    mode: "stream" | "all",
    fault: ActiveFault | undefined,
  ): void {
    let sent = 0;
    for (const record of records) {
      if (call.cancelled) return;
      if (fault && sent === fault.afterEvents) {
        this.failCall(call, fault.fault, record.streamId);
        return;
      }
      call.write(this.readResponse(record, mode));
      sent += 1;
    }
    if (fault) {
      this.failCall(call, fault.fault, "$all");
      return;
    }
    call.end();
  }

  private subscribeToAll(
    call: ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>,
    from: RecordedReadFrom,
    filter: RecordedRead["filter"],
  ): void {
    const fault = this.takeFault("subscribe", "$all");
    if (fault && (fault.afterEvents ?? 0) === 0) {
      this.failCall(call, fault.fault, "$all");
      return;
    }
    const confirmation = new ReadResp();
    const confirmed = new ReadResp.SubscriptionConfirmation();
    confirmed.setSubscriptionId(randomUUID());
    confirmation.setConfirmation(confirmed);
    call.write(confirmation);
    const accepts = (record: FakeRecord): boolean => {
      if (!filter) return true;
      const subject = filter.on === "eventType" ? record.type : record.streamId;
      return filter.prefixes.length > 0
        ? filter.prefixes.some((prefix) => subject.startsWith(prefix))
        : new RegExp(filter.regex).test(subject);
    };
    const subscriber: Subscriber = { call, accepts, delivered: 0, fault };
    // Catching up happens in one synchronous pass: no append can interleave before the subscriber is live.
    const at = typeof from === "object" ? from.commit : undefined;
    for (const record of this.log) {
      if (from === "end") break;
      if (at !== undefined && record.position <= at) continue;
      if (!this.deliver(subscriber, record)) return;
    }
    const caughtUp = new ReadResp();
    caughtUp.setCaughtUp(new ReadResp.CaughtUp());
    call.write(caughtUp);
    this.subscribers.add(subscriber);
    call.on("cancelled", () => this.subscribers.delete(subscriber));
  }

  /** Sends one record to a subscriber if its filter takes it; false once the subscriber is gone. */
  private deliver(subscriber: Subscriber, record: FakeRecord): boolean {
    const { call } = subscriber;
    if (call.cancelled || call.writableEnded) {
      this.subscribers.delete(subscriber);
      return false;
    }
    if (!subscriber.accepts(record)) return true;
    if (subscriber.fault && subscriber.delivered === subscriber.fault.afterEvents) {
      this.subscribers.delete(subscriber);
      this.failCall(call, subscriber.fault.fault, "$all");
      return false;
    }
    call.write(this.readResponse(record, "all"));
    subscriber.delivered += 1;
    return true;
  }

  private readResponse(record: FakeRecord, mode: "stream" | "all"): StreamsPb.ReadResp {
    const recorded = new ReadResp.ReadEvent.RecordedEvent();
    recorded.setId(uuidMessage(record.id));
    recorded.setStreamIdentifier(streamIdentifier(record.streamId));
    recorded.setStreamRevision(record.revision.toString());
    recorded.setPreparePosition(record.position.toString());
    recorded.setCommitPosition(
      mode === "stream" && this.streamCommit === "none" ? NO_POSITION : record.position.toString(),
    );
    recorded.getMetadataMap().set("type", record.type);
    recorded.getMetadataMap().set("content-type", record.contentType);
    recorded.getMetadataMap().set("created", record.created.toString());
    recorded.setCustomMetadata(record.metadata);
    recorded.setData(record.data);
    const event = new ReadResp.ReadEvent();
    event.setEvent(recorded);
    if (mode === "all") event.setCommitPosition(record.position.toString());
    else event.setNoPosition(new Empty());
    const response = new ReadResp();
    response.setEvent(event);
    return response;
  }

  // ------------------------------------------------------------------------------------- faults

  private takeFault(rpc: FaultRule["rpc"], stream: string): ActiveFault | undefined {
    const index = this.faults.findIndex(
      (f) => f.rpc === rpc && f.remaining > 0 && (f.stream === undefined || f.stream === stream),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index] as ActiveFault;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(index, 1);
    return fault;
  }

  private failCall(
    call: ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>,
    fault: FakeFault,
    stream: string,
  ): void {
    if (fault === "stall") return void this.stall();
    call.emit("error", this.callError(fault, stream));
  }

  /** A call-level error, with the status and metadata a real server sends. */
  private callError(fault: FakeFault, stream: string): { code: number; details: string; metadata: Metadata } {
    const metadata = new Metadata();
    switch (fault) {
      case "not-leader":
        metadata.set("exception", "not-leader");
        metadata.set("leader-endpoint-host", "127.0.0.1");
        metadata.set("leader-endpoint-port", String(this.port));
        return { code: grpcStatus.NOT_FOUND, details: "Leader info available", metadata };
      case "stream-deleted":
        metadata.set("exception", "stream-deleted");
        metadata.set("stream-name", stream);
        return {
          code: grpcStatus.FAILED_PRECONDITION,
          details: `Event stream '${stream}' is deleted.`,
          metadata,
        };
      case "access-denied":
        metadata.set("exception", "access-denied");
        return { code: grpcStatus.PERMISSION_DENIED, details: "Access Denied", metadata };
      case "timeout":
      case "timeout-after-write":
        return { code: grpcStatus.ABORTED, details: "Operation timed out", metadata };
      case "deadline-exceeded":
        return { code: grpcStatus.DEADLINE_EXCEEDED, details: "Deadline Exceeded", metadata };
      default:
        return { code: grpcStatus.UNAVAILABLE, details: "Server Is Not Ready", metadata };
    }
  }

  /** Never answers (until `ms` pass, or the fake closes). */
  private stall(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.stalled.delete(release);
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(release, ms);
      this.stalled.add(release);
    });
  }

  private recordAppend(
    rpc: RecordedAppend["rpc"],
    stream: string,
    expected: RecordedExpectation,
    metadata: Metadata,
    proposals: readonly StoredProposal[],
  ): RecordedAppend {
    const recorded: RecordedAppend = {
      rpc,
      stream,
      expected,
      requiresLeader: metadata.get("requires-leader")[0] === "true",
      events: proposals.map((p) => ({
        id: p.id,
        type: p.type,
        contentType: p.contentType,
        data: p.contentType === "application/json" ? parseJson(p.data) : p.data,
        metadata: parseJson(p.metadata),
      })),
    };
    this.requests.push(recorded);
    return recorded;
  }
}

/** Starts a fake server on 127.0.0.1 with a free port. */
export const startFakeEventStoreServer = (
  options?: FakeEventStoreServerOptions,
): Promise<FakeEventStoreServer> => FakeEventStoreServer.start(options);

type StoredProposal = Omit<FakeRecord, "streamId" | "revision" | "position" | "created">;

const proposalOf = (
  message: StreamsPb.AppendReq.ProposedMessage | StreamsPb.BatchAppendReq.ProposedMessage,
): StoredProposal => {
  const map = message.getMetadataMap();
  return {
    id: uuidOf(message.getId()),
    type: map.get("type") ?? "",
    contentType: map.get("content-type") ?? "application/octet-stream",
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

const appendExpectation = (options: StreamsPb.AppendReq.Options | undefined): RecordedExpectation => {
  if (options?.hasRevision()) return { kind: "revision", revision: BigInt(options.getRevision()) };
  if (options?.hasNoStream()) return { kind: "no_stream" };
  if (options?.hasStreamExists()) return { kind: "stream_exists" };
  return { kind: "any" };
};

const batchExpectation = (options: StreamsPb.BatchAppendReq.Options): RecordedExpectation => {
  if (options.hasStreamPosition()) return { kind: "revision", revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: "no_stream" };
  if (options.hasStreamExists()) return { kind: "stream_exists" };
  return { kind: "any" };
};

const appendWrongExpectedVersion = (
  current: bigint | undefined,
  expected: RecordedExpectation,
): StreamsPb.AppendResp => {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (current === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(current.toString());
  if (expected.kind === "revision") wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === "no_stream") wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === "stream_exists") wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  const response = new AppendResp();
  response.setWrongExpectedVersion(wrong);
  return response;
};

const appendPosition = (position: bigint): StreamsPb.AppendResp.Position => {
  const result = new AppendResp.Position();
  result.setCommitPosition(position.toString());
  result.setPreparePosition(position.toString());
  return result;
};

const filterOf = (filter: StreamsPb.ReadReq.Options.FilterOptions | undefined): RecordedRead["filter"] => {
  if (!filter) return undefined;
  const on = filter.hasEventType() ? "eventType" : "streamName";
  const expression = filter.hasEventType() ? filter.getEventType() : filter.getStreamIdentifier();
  return { on, regex: expression?.getRegex() ?? "", prefixes: expression?.getPrefixList() ?? [] };
};

const streamName = (identifier: SharedPb.StreamIdentifier | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString("utf8");

const streamIdentifier = (stream: string): SharedPb.StreamIdentifier => {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream, "utf8"));
  return identifier;
};

const uuidMessage = (id: string): SharedPb.UUID => {
  const uuid = new UUID();
  uuid.setString(id);
  return uuid;
};

/** A UUID message in either of its wire forms, as a lowercase canonical string. */
const uuidOf = (uuid: SharedPb.UUID | undefined): string => {
  if (!uuid) return "";
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured();
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured?.getMostSignificantBits() ?? "0"), 0);
  bytes.writeBigInt64BE(BigInt(structured?.getLeastSignificantBits() ?? "0"), 8);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const parseJson = (bytes: Uint8Array): unknown => {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return bytes;
  }
};
