import { describe, expect, it } from "vitest";
import { CommitGroup, type Settled } from "./commitGroup.js";

/** A commit function that records each group it is handed and settles requests by a rule. */
const recordingCommit = (settle: (request: number) => Settled<string>) => {
  const groups: number[][] = [];
  const commit = (requests: readonly number[]) => {
    groups.push([...requests]);
    return requests.map(settle);
  };
  return { groups, commit };
};

describe("CommitGroup", () => {
  it("hands every request made in one turn of the event loop to one commit, in the order made", async () => {
    const { groups, commit } = recordingCommit((n) => ({ ok: true, value: `done ${n}` }));
    const group = new CommitGroup(commit);
    const outcomes = await Promise.all([1, 2, 3].map((n) => group.submit(n)));
    expect(groups).toEqual([[1, 2, 3]]);
    expect(outcomes).toEqual(["done 1", "done 2", "done 3"]);
  });

  it("gathers callers that are some awaits behind into the same commit", async () => {
    const { groups, commit } = recordingCommit((n) => ({ ok: true, value: String(n) }));
    const group = new CommitGroup(commit);
    const caller = async (n: number) => {
      for (let hop = 0; hop < n; hop++) await Promise.resolve();
      return group.submit(n);
    };
    await Promise.all([0, 3, 10].map(caller));
    expect(groups).toEqual([[0, 3, 10]]);
  });

  it("commits requests of a later turn separately, and settles nothing before its commit has run", async () => {
    const { groups, commit } = recordingCommit((n) => ({ ok: true, value: String(n) }));
    const group = new CommitGroup(commit);
    let settled = false;
    const first = group.submit(1).then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(groups).toEqual([]);
    await first;
    await group.submit(2);
    expect(groups).toEqual([[1], [2]]);
  });

  it("refuses one request alone when the commit says so", async () => {
    const { commit } = recordingCommit((n) =>
      n === 2 ? { ok: false, error: new Error("refused 2") } : { ok: true, value: String(n) },
    );
    const group = new CommitGroup(commit);
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => group.submit(n)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error("refused 2"));
  });

  it("rejects the whole group with the commit's error when the commit itself fails", async () => {
    const group = new CommitGroup<number, string>(() => {
      throw new Error("disk full");
    });
    const outcomes = await Promise.allSettled([1, 2].map((n) => group.submit(n)));
    expect(outcomes).toEqual([
      { status: "rejected", reason: new Error("disk full") },
      { status: "rejected", reason: new Error("disk full") },
    ]);
  });

  it("flush() commits what is waiting at once, and the scheduled turn then finds nothing left", async () => {
    const { groups, commit } = recordingCommit((n) => ({ ok: true, value: String(n) }));
    const group = new CommitGroup(commit);
    const pending = group.submit(7);
    group.flush();
    expect(groups).toEqual([[7]]);
    await pending;
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([[7]]);
  });

  it("with an asynchronous commit, gathers everything submitted while it runs into the next group", async () => {
    const groups: number[][] = [];
    let release: () => void = () => undefined;
    const group = new CommitGroup<number, number>(async (requests) => {
      groups.push([...requests]);
      if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return requests.map((value) => ({ ok: true, value }));
    });
    const first = group.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => group.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    // Still one commit: the others wait for the running one instead of starting their own.
    expect(groups).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(groups).toEqual([[1], [2, 3, 4]]);
  });

  it("with an asynchronous commit that fails, rejects its group and still commits the next one", async () => {
    let calls = 0;
    const group = new CommitGroup<number, number>(async (requests) => {
      calls += 1;
      if (calls === 1) throw new Error("connection lost");
      return requests.map((value) => ({ ok: true, value }));
    });
    // Observed at once, so the rejection is never unhandled while the test waits.
    const failing = group.submit(1).then(
      () => "committed",
      (error: unknown) => String(error),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const next = group.submit(2);
    expect(await failing).toBe("Error: connection lost");
    expect(await next).toBe(2);
  });

  it("flush() resolves only when every waiting and running request is settled", async () => {
    const settled: number[] = [];
    const group = new CommitGroup<number, number>(async (requests) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return requests.map((value) => ({ ok: true, value }));
    });
    const all = [1, 2].map((n) => group.submit(n).then((v) => settled.push(v)));
    await new Promise((resolve) => setImmediate(resolve));
    const third = group.submit(3).then((v) => settled.push(v));
    await group.flush();
    await Promise.resolve();
    expect(settled.sort()).toEqual([1, 2, 3]);
    await Promise.all([...all, third]);
  });

  it("commits at most maxGroupSize requests together; the rest follow as the next group, in order", async () => {
    const { groups, commit } = recordingCommit((n) => ({ ok: true, value: String(n) }));
    const group = new CommitGroup(commit, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => group.submit(n)));
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => new CommitGroup(commit, 0)).toThrow(RangeError);
  });
});
