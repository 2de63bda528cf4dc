import type { Core } from '@strapi/strapi';
import { createDatabaseProvider, type DatabaseLimits } from './database';
import { createMeilisearchProvider } from './meilisearch';
import type { SearchProvider } from './types';

export interface SearchConfig {
  meilisearch: { host: string; apiKey: string; index: string };
  /** Index in the background: drain the outbox, fill a new index (off for scripts that index by themselves). */
  worker: boolean;
  /** How often the worker looks for retries and other instances' writes. */
  workerIntervalMs: number;
  /** The database provider's counting bound (see DatabaseLimits). */
  database: DatabaseLimits;
}

/** Meilisearch when MEILISEARCH_HOST is set, the database's own full-text search otherwise. */
export function chooseProvider(strapi: Core.Strapi, config: SearchConfig): SearchProvider {
  const { host, apiKey, index } = config.meilisearch;
  return host ? createMeilisearchProvider({ host, apiKey: apiKey || undefined, index }) : createDatabaseProvider(strapi, config.database);
}
