import { mergeConfig, type UserConfig } from 'vite';

/**
 * The admin panel's dev server scans the app for HTML entries to pre-bundle: only its own,
 * not the member portal's (src/portal, built separately by scripts/build-portal.mjs).
 */
export default (config: UserConfig) =>
  mergeConfig(config, {
    optimizeDeps: { entries: ['.strapi/client/**/*.html'] },
  });
