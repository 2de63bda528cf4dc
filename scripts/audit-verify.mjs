#!/usr/bin/env node
// Walks the whole audit log and checks its keyed hash chain (HMAC, key from AUDIT_HMAC_KEY)
// against the head row and the last anchor (AUDIT_ANCHOR_FILE): any changed, removed,
// reordered, forged or unsigned entry, a deleted tail or a rewritten log is reported by
// name. When intact, writes a new anchor. Exit code 0 when intact, 1 when broken.
import { loadStrapiForCommand } from './command-boot.mjs';
import { readCommandLine } from './command-line.mjs';

readCommandLine({ usage: 'npm run audit:verify' });

const app = await loadStrapiForCommand();
try {
  const result = await app.plugin('audit').service('log').verify();
  if (result.valid) {
    console.log(`Journal d’audit intact : ${result.checked} entrée${result.checked > 1 ? 's' : ''} vérifiée${result.checked > 1 ? 's' : ''}.`);
    console.log(`Ancrage écrit dans ${result.anchor.file} : n° ${result.anchor.seq}, empreinte ${result.anchor.hash}`);
  } else {
    console.error(`Journal d’audit ALTÉRÉ : ${result.message} (${result.checked} entrées intactes avant).`);
    if (result.anchor) console.error(`Dernier ancrage (${result.anchor.file}) : n° ${result.anchor.seq}, empreinte ${result.anchor.hash}, le ${result.anchor.anchoredAt}.`);
  }
  console.log(`Tête de chaîne : n° ${result.head.seq}, empreinte ${result.head.hash}`);
  process.exitCode = result.valid ? 0 : 1;
} finally {
  await app.destroy();
}
