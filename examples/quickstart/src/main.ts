import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommandEnvelope,
  commandHandler,
  createCheckpoint,
  eraseSubject,
  generateCheckpointKeys,
  randomIds,
  verifyStore,
} from "@privacy-ledger/eventsourcing";
import { openProtectedSqliteStore, openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import Database from "better-sqlite3";
import { isLeft } from "fp-ts/lib/Either.js";
import { contactCatalog } from "./contacts.js";
import { type ProcessorCommand, processorCatalog, processorRegister } from "./noticeBoard.js";

const log = (line: string) => process.stdout.write(`${line}\n`);

const dir = mkdtempSync(join(tmpdir(), "privacy-ledger-quickstart-"));
const path = join(dir, "ledger.db");
const store = openSqliteEventStore({ path });
try {
  log(`privacy-ledger quickstart: embedded SQLite store at ${path}`);
  const handle = commandHandler({ store, decider: processorRegister, catalog: processorCatalog });
  const cto = { id: "employee-0001", roles: ["CTO"] };
  const send = (command: ProcessorCommand): CommandEnvelope<ProcessorCommand> => ({
    command,
    actor: cto,
    commandId: randomIds.next(),
  });

  const commands: ProcessorCommand[] = [
    { kind: "AddProcessor", processorId: "hosting-eu-1", purpose: "hosting", euLocation: true },
    { kind: "AddProcessor", processorId: "mail-eu-2", purpose: "newsletter delivery", euLocation: true },
    { kind: "AddProcessor", processorId: "analytics-us-3", purpose: "analytics", euLocation: false },
    { kind: "RemoveProcessor", processorId: "mail-eu-2" },
  ];
  for (const command of commands) {
    const result = await handle("processor-register", send(command));
    if (isLeft(result)) {
      const failure = result.left;
      log(
        failure.kind === "Rejection"
          ? `  rejected ${command.kind} ${command.processorId}: ${failure.rule} (${failure.clause}, GDPR ${failure.article}): ${failure.message}`
          : `  failed ${command.kind}: ${failure.message}`,
      );
    } else {
      log(
        `  ${command.kind} ${command.processorId}: appended ${result.right.events.map((e) => e.type).join(", ")} -> stream version ${result.right.stored.nextExpectedVersion}`,
      );
    }
  }

  log("read back, oldest first:");
  for await (const event of store.readStream("processor-register")) {
    log(
      `  #${event.globalPosition} v${event.streamVersion} ${event.type} ${JSON.stringify(event.data)} clauses=${event.metadata.clauses.join(",")} hash=${event.hash.slice(0, 12)}…`,
    );
  }

  const { privateKey, publicKey } = generateCheckpointKeys();
  const checkpoint = await createCheckpoint(store, { privateKey });
  log(
    `signed checkpoint: ${checkpoint.body.streams.length} stream(s) at global position ${checkpoint.body.globalPosition}`,
  );

  const verified = await verifyStore(store, { checkpoint: { checkpoint, publicKey } });
  if (isLeft(verified)) {
    log(`verification FAILED: ${verified.left.message}`);
    process.exitCode = 1;
  } else {
    const { events, streams } = verified.right;
    log(
      `verified: ${events} event(s) in ${streams} stream(s), every hash chain intact, checkpoint signature valid`,
    );
  }

  // An operator with database access edits history behind the library's back.
  const raw = new Database(path);
  raw
    .prepare(
      "UPDATE events SET data = json_set(data, '$.purpose', 'marketing') WHERE stream_id = ? AND stream_version = ?",
    )
    .run("processor-register", 1);
  raw.close();
  log("an operator rewrote the purpose of processor-register@1 directly in the database file…");
  const afterEdit = await verifyStore(store, { checkpoint: { checkpoint, publicKey } });
  if (isLeft(afterEdit)) {
    log(`verification caught it: ${afterEdit.left.kind}: ${afterEdit.left.message}`);
  } else {
    log("verification did NOT catch the edit");
    process.exitCode = 1;
  }
} finally {
  await store.close();
}

// Part 2: personal data is sealed per person and retention class; erasure destroys the key (P7.b).
const ledger = openProtectedSqliteStore({
  path: join(dir, "contacts.db"),
  personalFields: contactCatalog.personalFields,
  masterKey: randomBytes(32), // in production: from a KMS or secret manager
});
try {
  const contact = contactCatalog.encode({
    type: "ContactRecorded",
    data: {
      subjectId: "subject-0042",
      company: "Acme BV",
      role: "IT",
      name: "Sanne Visser",
      email: "sanne@acme.example",
    },
  });
  await ledger.store.append("contact-subject-0042", [
    {
      id: randomIds.next(),
      type: contact.type,
      schemaVersion: contact.schemaVersion,
      data: contact.data,
      metadata: {
        actor: { id: "employee-0002", roles: ["sales"] },
        correlationId: "intake-1",
        causationId: "intake-1",
        occurredAt: new Date().toISOString(),
        clauses: [...contact.clauses],
      },
    },
  ]);
  const show = async (label: string) => {
    for await (const event of ledger.store.readStream("contact-subject-0042"))
      log(`  ${label}: ${JSON.stringify(event.data)}`);
  };
  log(`personal data: ${ledger.events.path} holds only ciphertext; keys live in a separate file`);
  await show("read through the protection layer");
  for await (const stored of ledger.events.readStream("contact-subject-0042", { maxCount: 1 }))
    log(`  as stored: email = ${JSON.stringify((stored.data as { email: unknown }).email).slice(0, 90)}…`);

  const erasure = await eraseSubject(
    { store: ledger.events, keyStore: ledger.keys, keyCache: ledger.store.keys },
    {
      subjectId: "subject-0042",
      retentionClass: "relationship",
      reason: "data-subject-request",
      actor: { id: "employee-0001", roles: ["CTO"] },
    },
  );
  if (isLeft(erasure)) throw new Error(erasure.left.message);
  log(
    `erased subject-0042 (relationship): destroyed key ${erasure.right.keyIds.join(", ")}, recorded at position ${erasure.right.globalPosition}`,
  );
  await show("after erasure");
  const afterErasure = await verifyStore(ledger.events);
  log(
    isLeft(afterErasure)
      ? `verification FAILED after erasure: ${afterErasure.left.message}`
      : `verified after erasure: ${afterErasure.right.events} event(s), hash chains intact (they cover the ciphertext)`,
  );
  if (isLeft(afterErasure)) process.exitCode = 1;
} finally {
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
}
