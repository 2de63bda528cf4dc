/**
 * The benches `npm run bench:<name>` runs (package.json → bench/run.ts): each one's script, what
 * it needs built first, and its command line (bench/args.ts). Declared here, apart from the
 * benches' code and imports, so that bench/run.ts answers `--help` and refuses a bad argument
 * before any build and without loading a bench; the bench reads the same declaration.
 */
import type { BenchSpec } from './args';

export interface BenchCommand {
  /** bench/<script>.ts */
  script: string;
  /** scripts/<build>.mjs run in order before the bench, once its command line is read. */
  builds: readonly string[];
  args: BenchSpec;
}

const PLUGINS = ['build-plugins'] as const;

export const BENCHES = {
  audit: {
    script: 'audit-append',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:audit -- [entries] [concurrency]',
      positionals: [
        { name: 'entries', description: 'audit entries appended', default: 2000 },
        { name: 'concurrency', description: 'concurrent writers', default: 20 },
      ],
    },
  },
  votes: {
    script: 'votes',
    builds: PLUGINS,
    args: {
      usage: 'DATABASE_CLIENT=postgres npm run bench:votes -- [voters] [rounds]',
      positionals: [
        { name: 'voters', description: 'members voting at the same moment', default: 200 },
        { name: 'rounds', description: 'rounds', default: 3 },
      ],
    },
  },
  evaluation: {
    script: 'evaluation',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:evaluation -- [members] [proposals]',
      positionals: [
        { name: 'members', description: 'members grading', default: 10_000 },
        { name: 'proposals', description: 'proposals graded', default: 500 },
      ],
    },
  },
  grouping: {
    script: 'grouping',
    builds: PLUGINS,
    args: {
      usage: '[GROUPING_LABELLED=/path/to/file.json] npm run bench:grouping -- [contributions] [--quality]',
      positionals: [{ name: 'contributions', description: 'contributions of the speed part', default: 10_000 }],
      options: { quality: { type: 'boolean', description: 'the labelled set only (no speed part)' } },
    },
  },
  portal: {
    script: 'portal',
    builds: ['build-portal', 'build-admin'],
    args: {
      usage: 'npm run bench:portal -- [runs] [--portal-only]',
      positionals: [{ name: 'runs', description: 'cold loads of each page', default: 7 }],
      options: { 'portal-only': { type: 'boolean', description: 'the portal alone, built already (to iterate)' } },
    },
  },
  notifications: {
    script: 'notifications',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:notifications -- [members]',
      positionals: [{ name: 'members', description: 'members the phase opens for', default: 10_000 }],
    },
  },
  search: {
    script: 'search',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:search -- [documents] [queries]',
      positionals: [
        { name: 'documents', description: 'documents generated', default: 100_000 },
        { name: 'queries', description: 'queries timed', default: 300 },
      ],
    },
  },
  bodies: {
    script: 'bodies',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:bodies -- [federations] [repeats]',
      positionals: [
        { name: 'federations', description: 'federations of 10 bodies of 100 seats', default: 10 },
        { name: 'repeats', description: 'timed runs of each query', default: 30 },
      ],
    },
  },
  mandates: {
    script: 'mandates',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:mandates -- [officials] [repeats]',
      positionals: [
        { name: 'officials', description: 'officials holding 1 to 5 mandates', default: 50_000 },
        { name: 'repeats', description: 'timed runs of each part', default: 10 },
      ],
    },
  },
  skills: {
    script: 'skills',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:skills -- [profiles] [repeats]',
      positionals: [
        { name: 'profiles', description: 'members’ skill profiles', default: 100_000 },
        { name: 'repeats', description: 'timed runs of each query', default: 30 },
      ],
    },
  },
  requests: {
    script: 'requests',
    builds: PLUGINS,
    args: {
      usage: '[BENCH_SECONDS=10] [BENCH_MEMBERS=400] DATABASE_CLIENT=postgres npm run bench:requests -- [--cpu-prof] [--only <routes>] [--votes]',
      options: {
        'cpu-prof': { type: 'boolean', description: 'V8 profiles of the measured runs under .tmp/cpu-prof/, and their heaviest functions' },
        only: { type: 'string', value: 'routes', description: 'those read routes alone, comma-separated (/api/bodies/me,/api/documents): no votes, no second instance' },
        votes: { type: 'boolean', description: 'no read route: the baseline and the votes, one instance then two, with the CPU each side used' },
      },
    },
  },
  sanctions: {
    script: 'sanctions',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:sanctions -- [decisions] [federations] [repeats]',
      positionals: [
        { name: 'decisions', description: 'final decisions', default: 20_000 },
        { name: 'federations', description: 'federations', default: 20 },
        { name: 'repeats', description: 'timed runs of each query', default: 20 },
      ],
    },
  },
  'member-import': {
    script: 'member-import',
    builds: PLUGINS,
    args: {
      usage: '[DATABASE_CLIENT=postgres] npm run bench:member-import -- [members...]',
      positionals: [{ name: 'members', description: 'members per import, one size after the other', default: 10_000 }],
      repeatLast: true,
      lastDefaults: [10_000, 50_000],
    },
  },
} satisfies Record<string, BenchCommand>;
