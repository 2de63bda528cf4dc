#!/usr/bin/env node
// Walks the whole audit log and checks its hash chain: any changed, removed or reordered
// entry is reported. Exit code 0 when intact, 1 when broken. Prints the head hash: copy
// it somewhere outside the database (minutes of a meeting) to anchor the log in time.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { compileStrapi, createStrapi } = require('@strapi/strapi');

process.env.SEED_DEMO = 'false';
process.env.LOG_LEVEL ??= 'warn';
process.env.STARTUP_BANNER = 'false';

const app = await createStrapi(await compileStrapi()).load();
try {
  const result = await app.plugin('audit').service('log').verify();
  if (result.valid) {
    console.log(`Journal d’audit intact : ${result.checked} entrée${result.checked > 1 ? 's' : ''} vérifiée${result.checked > 1 ? 's' : ''}.`);
  } else {
    const { seq, problem } = result.firstBreak;
    const what = { altered: 'modifiée', 'broken-link': 'dont le chaînage est rompu', missing: 'manquante', 'head-mismatch': 'supprimée en fin de journal' }[problem];
    console.error(`Journal d’audit ALTÉRÉ : entrée n° ${seq} ${what} (${result.checked} entrées intactes avant elle).`);
  }
  console.log(`Tête de chaîne : n° ${result.head.seq}, empreinte ${result.head.hash}`);
  process.exitCode = result.valid ? 0 : 1;
} finally {
  await app.destroy();
}
