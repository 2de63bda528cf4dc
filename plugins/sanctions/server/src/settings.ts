import type { Core } from '@strapi/strapi';
import { DEFAULT_SETTINGS, type ProcedureSettings } from './domain/procedure';

/**
 * The procedure's settings: `config/plugins.ts` may set `sanctions.config` (noticeDays,
 * appealDays, repeatYears, deadlines, precautionaryMaxDays); defaults from the statutes.
 */
export function settingsOf(strapi: Core.Strapi): ProcedureSettings {
  const config = (strapi.config.get('plugin::sanctions') ?? {}) as Partial<ProcedureSettings>;
  return { ...DEFAULT_SETTINGS, ...config, deadlines: { ...DEFAULT_SETTINGS.deadlines, ...(config.deadlines ?? {}) } };
}
