// The arguments of the operators' command lines (members:import, members:retention, search:*,
// audit:verify), read by one parser: Node's `util.parseArgs`, whose own refusals are English
// ("Unknown option '--bogus'…"). Its tokens are checked here instead, so that staff read every
// usage error in French, with the command's usage and the options it takes.
import { parseArgs } from 'node:util';

/**
 * @typedef {{ type: 'boolean' | 'string', default?: boolean | string, value?: string, description: string }} OptionSpec
 *   `value`: how the usage names a string option's value (`--federation <code>`).
 * @typedef {{ usage: string, options?: Record<string, OptionSpec>, positionals?: number }} CommandSpec
 *   `usage`: the command as staff type it (« npm run members:retention -- [--dry-run] »);
 *   `positionals`: how many plain arguments it takes at most (0 by default).
 */

/** Exit code of a usage error (the commands' documented « 2: bad usage »). */
export const USAGE_ERROR = 2;

/** `--help`, taken by every command. */
const HELP = { type: 'boolean', description: 'affiche cette aide' };

/**
 * The command's usage and its options, one a line, in French.
 * @param {CommandSpec} spec
 * @returns {string}
 */
export function usageText(spec) {
  const options = Object.entries({ ...spec.options, help: HELP });
  const names = options.map(([name, option]) => `--${name}${option.type === 'string' ? ` <${option.value ?? 'valeur'}>` : ''}`);
  const width = Math.max(...names.map((n) => n.length));
  return [`Usage : ${spec.usage}`, 'Options :', ...options.map(([, option], i) => `  ${names[i].padEnd(width)}  ${option.description}`)].join('\n');
}

/**
 * Prints `message` then the usage (French, on stderr) and ends the process with `USAGE_ERROR`.
 * @param {CommandSpec} spec
 * @param {string} message
 * @returns {never}
 */
export function usageError(spec, message) {
  console.error(`${message}\n${usageText(spec)}`);
  process.exit(USAGE_ERROR);
}

/**
 * What is wrong with the command line, in French, or null: an option the command does not
 * take, a value missing (or starting with « - », which is read as a forgotten value) for an
 * option that takes one, a value given to a switch, a plain argument too many.
 * Pure: takes `parseArgs`'s tokens (read with `strict: false`).
 * @param {CommandSpec} spec
 * @param {Array<{ kind: string, name?: string, rawName?: string, value?: string, inlineValue?: boolean }>} tokens
 * @returns {string | null}
 */
export function argumentProblem(spec, tokens) {
  const options = { ...spec.options, help: HELP };
  let positionals = 0;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals += 1;
      if (positionals > (spec.positionals ?? 0)) return `Argument inattendu : ${token.value}`;
      continue;
    }
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!option) return `Option inconnue : ${token.rawName}`;
    if (option.type === 'boolean' && token.value !== undefined) return `L’option ${token.rawName} ne prend pas de valeur (« ${token.rawName}=${token.value} » donné).`;
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      return `L’option ${token.rawName} attend une valeur : ${token.rawName} <${option.value ?? 'valeur'}> (une valeur qui commence par « - » s’écrit ${token.rawName}=<valeur>).`;
    }
  }
  return null;
}

/**
 * Reads the command line (`process.argv` after the script by default) against `spec`. On a
 * usage error, prints it in French with the usage and exits with `USAGE_ERROR` (2); on
 * `--help`, prints the usage and exits 0. Nothing is booted before: a mistyped option costs
 * no wait.
 * @param {CommandSpec} spec
 * @param {string[]} [args]
 * @returns {{ values: Record<string, boolean | string | undefined>, positionals: string[] }}
 */
export function readCommandLine(spec, args = process.argv.slice(2)) {
  // The types tell the parser which options take the next argument as their value.
  const types = Object.fromEntries(Object.entries(spec.options ?? {}).map(([name, option]) => [name, { type: option.type }]));
  const { tokens } = parseArgs({ args, options: types, strict: false, allowPositionals: true, tokens: true });
  const problem = argumentProblem(spec, tokens);
  if (problem) usageError(spec, problem);
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) {
    console.log(usageText(spec));
    process.exit(0);
  }
  const values = Object.fromEntries(Object.entries(spec.options ?? {}).filter(([, o]) => o.default !== undefined).map(([name, o]) => [name, o.default]));
  const positionals = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    else if (token.kind === 'option') values[token.name] = spec.options[token.name].type === 'boolean' ? true : token.value;
  }
  return { values, positionals };
}
