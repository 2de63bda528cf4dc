#!/usr/bin/env node
// Builds the admin panel. Strapi loads the server configuration to do so, which requires
// the secrets; the panel embeds none of them, so a build (CI, an image) runs with
// throwaway values for whatever the environment does not provide. No email leaves during a
// build: a production build without SMTP settings must not stop at the email configuration.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import secrets from './secrets.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...secrets.freshSecrets(), MAIL_DISABLED: 'true', ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };
// The package does not export its bin: find it next to its package.json.
const strapi = join(dirname(createRequire(import.meta.url).resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
try {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-plugins.mjs')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [strapi, 'build'], { cwd: root, stdio: 'inherit', env });
} catch {
  console.error('Admin panel build failed: see above.');
  process.exit(1);
}
