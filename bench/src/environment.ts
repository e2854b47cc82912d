import { createRequire } from "node:module";
import { availableParallelism, cpus, loadavg, platform, arch as processorArch, totalmem } from "node:os";
import Database from "better-sqlite3";

/** The header lines every mode prints: the machine, its load at the start, and the runtime. */
export const machineLines = (): string[] => {
  const require = createRequire(import.meta.url);
  const betterSqlite = (require("better-sqlite3/package.json") as { version: string }).version;
  const probe = new Database(":memory:");
  const sqlite = (probe.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  probe.close();
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return [
    `  machine       ${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${processorArch()}`,
    `  load          ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")} (1/5/15-minute load average at start; other work on the machine skews every figure)`,
    `  runtime       Node ${process.version}, SQLite ${sqlite} (better-sqlite3 ${betterSqlite})`,
  ];
};

export const int = (n: number): string => Math.round(n).toLocaleString("en-US");
