/** A usage error: one line for stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
}

/**
 * `--name value`, `--name=value` and bare switches (`--help`, `--json`). Only the flags and switches a
 * command declares are accepted: a typo is an error, never silently ignored.
 */
export const parseArgs = (
  argv: readonly string[],
  spec: { readonly flags: readonly string[]; readonly switches: readonly string[] },
): ParsedArgs => {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (spec.switches.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      switches.add(name);
    } else if (spec.flags.includes(name)) {
      const value = inline ?? argv[++index];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
      flags.set(name, value);
    } else throw new UsageError(`unknown option --${name}`);
  }
  return { flags, switches };
};

export const requiredFlag = (args: ParsedArgs, name: string): string => {
  const value = args.flags.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
};

/** An ISO 8601 instant with its offset (`2026-06-30T00:00:00Z`, `2026-06-30T02:00:00+02:00`). */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The flag as an instant, undefined when not given; anything else is a usage error. */
export const instantFlag = (args: ParsedArgs, name: string): Date | undefined => {
  const value = args.flags.get(name);
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (!ISO_INSTANT.test(value) || Number.isNaN(at.getTime()))
    throw new UsageError(`--${name} must be an ISO 8601 instant with offset, e.g. 2026-06-30T00:00:00Z`);
  return at;
};
