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
