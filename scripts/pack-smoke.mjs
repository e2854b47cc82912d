// Packs every published package with `pnpm pack`, installs the tarballs with npm into a scratch
// project outside the workspace, and uses them there as a user would: through their exports maps,
// from the built JavaScript, with the type declarations present. Run by `pnpm pack:smoke` and CI.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "privacy-ledger-pack-"));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

try {
  const packages = readdirSync(join(root, "packages"))
    .map((dir) => join(root, "packages", dir))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => !manifest.private);

  const dependencies = {};
  for (const { dir, manifest } of packages) {
    run("pnpm", ["pack", "--pack-destination", scratch], dir);
    const tarball = `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`;
    if (!existsSync(join(scratch, tarball))) throw new Error(`pnpm pack did not produce ${tarball}`);
    dependencies[manifest.name] = `file:./${tarball}`;
    console.log(`packed ${manifest.name}@${manifest.version} -> ${tarball}`);
  }

  const ioTsRange = packages.find(({ manifest }) => manifest.name === "@privacy-ledger/eventsourcing")
    ?.manifest.dependencies["io-ts"];
  if (!ioTsRange) throw new Error("@privacy-ledger/eventsourcing names no io-ts range");
  // Each package depends on its siblings at their version; point those at the tarballs, not the registry.
  const overrides = Object.fromEntries(Object.keys(dependencies).map((name) => [name, `$${name}`]));
  writeFileSync(
    join(scratch, "package.json"),
    JSON.stringify(
      {
        name: "scratch",
        private: true,
        type: "module",
        // io-ts too: the scratch code defines an event codec with it, as a user's code does.
        dependencies: { ...dependencies, "io-ts": ioTsRange },
        overrides,
      },
      null,
      2,
    ),
  );
  console.log("npm install in a scratch project (compiles better-sqlite3 from source)…");
  run("npm", ["install", "--no-fund", "--no-audit", "--loglevel=error"], scratch);

  writeFileSync(
    join(scratch, "use.mjs"),
    `
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { defineEvent, deterministicIds, eventCatalog, personal, verifyStore } from "@privacy-ledger/eventsourcing";
import { openProtectedSqliteStore, openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import * as t from "io-ts";

for (const name of ${JSON.stringify(Object.keys(dependencies))}) {
  const entry = fileURLToPath(import.meta.resolve(name));
  const types = entry.replace(/\\.js$/, ".d.ts");
  if (!existsSync(types)) throw new Error(name + ": no type declarations beside " + entry);
}
if (!existsSync(fileURLToPath(import.meta.resolve("@privacy-ledger/eventsourcing/testing"))))
  throw new Error("the testing entry point is missing");

const store = openSqliteEventStore({ path: join(process.cwd(), "scratch.db") });
const ids = deterministicIds("pack-smoke");
const metadata = { actor: { id: "a-1", roles: [] }, correlationId: "c", causationId: "c", occurredAt: new Date().toISOString(), clauses: ["P1.A.1"] };
const appended = await store.append("smoke-1", [{ id: ids.next(), type: "Smoke", schemaVersion: 1, data: { ok: true }, metadata }]);
if (appended._tag !== "Right") throw new Error("append failed");
const more = await store.append("smoke-2", [1, 2].map((n) => ({ id: ids.next(), type: "Smoke", schemaVersion: 1, data: { n }, metadata })));
if (more._tag !== "Right") throw new Error("append failed");
const verified = await verifyStore(store);
if (verified._tag !== "Right" || verified.right.events !== 3) throw new Error("verify failed: " + JSON.stringify(verified));
// The worker-thread verification from the installed dist: its worker and the store's reader resolve
// beside the modules that start them. A worker that cannot start would only warn and fall back.
process.on("warning", (warning) => { throw new Error("a worker thread fell back (" + warning.code + "): " + warning.message); });
const inWorkers = await verifyStore(store, { parallel: { threads: 2, minEvents: 0, rangeEvents: 1, inWorkersOnly: true } });
await store.close();
await new Promise((resolve) => setImmediate(resolve));
if (JSON.stringify(inWorkers) !== JSON.stringify(verified)) throw new Error("verify in workers differs: " + JSON.stringify(inWorkers));

// The protection layer's cipher worker from the installed dist: a read of 80 sealed fields is opened
// in a worker thread, which must start from the package and answer (a failure falls back silently,
// so the pool's state is checked: it turns disabled when its worker fails).
const catalog = eventCatalog([
  defineEvent({
    type: "Signed",
    codec: t.type({ subjectId: t.string, email: personal(t.string, { subject: "subjectId", retention: "contract" }) }),
    clauses: ["P1.A.1"],
  }),
]);
const ledger = openProtectedSqliteStore({ path: join(process.cwd(), "protected.db"), personalFields: catalog.personalFields, masterKey: Buffer.alloc(32, 1), cipherThreads: 1 });
const signed = Array.from({ length: 80 }, (_, i) => ({ id: ids.next(), type: "Signed", schemaVersion: 1, data: { subjectId: "subj-" + i, email: "person" + i + "@example.nl" }, metadata }));
if ((await ledger.store.append("signed", signed))._tag !== "Right") throw new Error("protected append failed");
const emails = [];
for await (const event of ledger.store.readAll()) emails.push(event.data.email);
if (JSON.stringify(emails) !== JSON.stringify(signed.map((event) => event.data.email))) throw new Error("protected read differs");
// (The pool is private; the smoke looks inside: its worker was started, and none failed.)
if (ledger.store.threads.workers?.length !== 1 || !ledger.store.threads.enabled)
  throw new Error("the cipher worker did not start from the installed package, or failed");
await ledger.close();
console.log("scratch project: imported " + ${JSON.stringify(Object.keys(dependencies).length)} + " packages, appended, read back and verified 3 events, on this thread and in worker threads; 80 sealed fields opened in a cipher worker thread");
`,
  );
  process.stdout.write(run("node", ["use.mjs"], scratch));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
