/**
 * The benchmarks' command lines, read by one parser: Node's `util.parseArgs` (strict), as the
 * operators' commands are (scripts/command-line.mjs, whose messages are French and
 * command-specific; benchmarks are for engineers: English). Each bench declares its options
 * and its plain arguments (counts, in order) once; `--help` prints them, anything else is a
 * usage error (exit 2) before anything is booted or seeded.
 */
import { parseArgs } from 'node:util';

/** Exit code of a usage error (as the operators' commands: « 2: bad usage »). */
export const USAGE_ERROR = 2;

/** An option (`--name` switch, or `--name <value>` / `--name=<value>`). */
export interface BenchOption {
  type: 'boolean' | 'string';
  description: string;
  /** How the usage names a string option's value (`--only <routes>`). */
  value?: string;
}

/** A plain argument, in order: a count (a positive integer) unless `choices` or `text` say otherwise. */
export interface BenchPositional {
  name: string;
  description: string;
  /** Its value when not given. */
  default: number | string;
  /** The values it may take (a word, not a count). */
  choices?: readonly string[];
  /** Any text (a search query). */
  text?: boolean;
}

export interface BenchSpec {
  /** The command as typed (« npm run bench:votes -- [voters] [rounds] »). */
  usage: string;
  options?: Record<string, BenchOption>;
  positionals?: BenchPositional[];
  /**
   * The last plain argument may be given several times (`bench:member-import -- 10000 50000`):
   * its values are returned as a list (`default` when none is given, a list then).
   */
  repeatLast?: boolean;
  /** Its default when `repeatLast` and none is given. */
  lastDefaults?: readonly number[];
}

const HELP: BenchOption = { type: 'boolean', description: 'print this help and exit' };

/** The usage of a bench: its command, plain arguments with their defaults, options. */
export function benchUsage(spec: BenchSpec): string {
  const lines = [`Usage: ${spec.usage}`];
  const positionals = spec.positionals ?? [];
  if (positionals.length) {
    lines.push('Arguments:');
    const width = Math.max(...positionals.map((p) => p.name.length));
    for (const p of positionals) {
      const fallback = spec.repeatLast && p === positionals.at(-1) && spec.lastDefaults ? spec.lastDefaults.join(' ') : String(p.default);
      const choices = p.choices ? ` (${p.choices.join(' | ')})` : '';
      lines.push(`  ${p.name.padEnd(width)}  ${p.description}${choices}; default ${fallback}`);
    }
  }
  const options = Object.entries({ ...spec.options, help: HELP });
  const names = options.map(([name, o]) => `--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`);
  const width = Math.max(...names.map((n) => n.length));
  lines.push('Options:', ...options.map(([, o], i) => `  ${names[i].padEnd(width)}  ${o.description}`));
  return lines.join('\n');
}

/** Prints `message` and the usage on stderr, then exits with `USAGE_ERROR`. */
function usageError(spec: BenchSpec, message: string): never {
  console.error(`${message}\n${benchUsage(spec)}`);
  process.exit(USAGE_ERROR);
}

/** A plain argument's value, or the reason it is refused. */
function positionalValue(p: BenchPositional, raw: string): number | string | { problem: string } {
  if (p.text) return raw;
  if (p.choices) return p.choices.includes(raw) ? raw : { problem: `${p.name} must be one of ${p.choices.join(', ')} (got "${raw}").` };
  const n = Number(raw.replace(/_/g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : { problem: `${p.name} must be a positive integer (got "${raw}").` };
}

/**
 * Reads a bench's command line (`process.argv` after the script by default). `--help` prints
 * the usage and exits 0; an unknown option, a value missing or given to a switch, a plain
 * argument too many or not a positive integer (a count) print the problem and the usage on
 * stderr and exit `USAGE_ERROR` (2).
 * @returns the options given (switches true, strings their value) and the plain arguments in
 *   order, each its default when not given (numbers for counts); with `repeatLast`, the last
 *   is a list
 */
export function readBenchArgs(
  spec: BenchSpec,
  args: string[] = process.argv.slice(2)
): { values: Record<string, boolean | string | undefined>; positionals: (number | string | number[])[] } {
  const options = Object.fromEntries(Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => [name, { type: o.type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    usageError(spec, (error as Error).message);
  }
  if (parsed.values.help) {
    console.log(benchUsage(spec));
    process.exit(0);
  }
  const declared = spec.positionals ?? [];
  const given = parsed.positionals;
  if (given.length > declared.length && !spec.repeatLast) usageError(spec, `Unexpected argument: ${given[declared.length]}`);
  const read = (p: BenchPositional, raw: string) => {
    const value = positionalValue(p, raw);
    if (typeof value === 'object') usageError(spec, value.problem);
    return value;
  };
  const positionals: (number | string | number[])[] = declared.map((p, i) => {
    if (spec.repeatLast && i === declared.length - 1) {
      const rest = given.slice(i).map((raw) => read(p, raw) as number);
      return rest.length ? rest : [...(spec.lastDefaults ?? [p.default as number])];
    }
    return given[i] === undefined ? p.default : read(p, given[i]);
  });
  return { values: parsed.values as Record<string, boolean | string | undefined>, positionals };
}
