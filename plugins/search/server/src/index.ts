import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/modules';
import { catchUpAtBoot } from './commands/rebuild-index';
import search from './controllers/search';
import { searchModule } from './manifest';
import { chooseProvider, type SearchConfig } from './providers';
import routes from './routes';
import erasure from './services/erasure';
import indexer from './services/indexer';
import personalData from './services/personal-data';
import worker from './services/worker';
import { watchWrites } from './watch';

/** Strapi's `env` helper, as the plugin's config reads it. */
interface ConfigEnv {
  (name: string, fallback: string): string;
  int(name: string, fallback: number): number;
  bool(name: string, fallback: boolean): boolean;
}

/**
 * Intranet search: one index of what every module declares searchable, kept by an
 * outbox written with the content, searched with the visibility rules inside the query.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(searchModule);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    const config = strapi.config.get('plugin::search') as SearchConfig;
    const index = getService(strapi, 'search', 'indexer');
    const provider = chooseProvider(strapi, config);
    index.use(provider);
    watchWrites(strapi, index.sources());
    try {
      await provider.setup();
    } catch (error) {
      // Content writes go on (the outbox keeps the changes); the index catches up later.
      strapi.log.error(`Search provider ${provider.name} could not be set up: ${(error as Error).message}`);
    }
    if (!config.worker) return; // a script that indexes by itself
    getService(strapi, 'search', 'worker').start(config.workerIntervalMs);
    // First boot with this provider: fill the index from the database; later boots: reconcile
    // the types whose documents a newer release writes otherwise. In the background, one
    // instance at a time (`withJobLock`): one booting beside a running catch-up skips it.
    setImmediate(() => {
      catchUpAtBoot(strapi).catch((error) => strapi.log.error(`Search index could not be brought up to date: ${(error as Error).message}`));
    });
  },

  destroy({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'search', 'worker').stop();
  },

  config: {
    default: ({ env }: { env: ConfigEnv }): SearchConfig => ({
      meilisearch: { host: env('MEILISEARCH_HOST', ''), apiKey: env('MEILISEARCH_API_KEY', ''), index: env('MEILISEARCH_INDEX', 'intranet') },
      worker: env.bool('SEARCH_WORKER', true),
      workerIntervalMs: env.int('SEARCH_WORKER_INTERVAL_MS', 5000),
      database: { countCap: env.int('SEARCH_COUNT_CAP', 500), countAhead: env.int('SEARCH_COUNT_AHEAD', 100) },
    }),
    validator(config: SearchConfig) {
      const { countCap, countAhead } = config.database;
      if (!(Number.isInteger(countCap) && countCap >= 100)) throw new Error('SEARCH_COUNT_CAP must be an integer ≥ 100.');
      if (countAhead !== undefined && !(Number.isInteger(countAhead) && countAhead >= 100)) throw new Error('SEARCH_COUNT_AHEAD must be an integer ≥ 100.');
    },
  },
  controllers: { search },
  routes,
  services: { erasure, indexer, 'personal-data': personalData, worker },
};
