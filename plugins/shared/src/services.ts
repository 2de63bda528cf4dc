/**
 * Typed access to plugins' public services, in the spirit of Strapi i18n's `getService`.
 *
 * Each plugin declares its public services in `server/src/public.ts` by adding an entry to
 * `PluginServices` (declaration merging), with types derived from the service factories:
 *
 * ```ts
 * declare module '@intranet-militant/shared' {
 *   interface PluginServices {
 *     membership: { directory: ReturnType<typeof directory>; eligibility: ReturnType<typeof eligibility> };
 *   }
 * }
 * ```
 *
 * A plugin that calls another imports that plugin's types (`import type {} from
 * '@intranet-militant/membership'`, with a project reference in its tsconfig), then calls
 * `getService(strapi, 'membership', 'directory')`: the compiler now knows the coupling, and a
 * renamed method fails the build instead of a request.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PluginServices {}

export type PluginId = keyof PluginServices;

interface PluginHolder {
  plugin(name: string): { service(name: string): unknown } | undefined;
}

/**
 * The public service `name` of plugin `plugin`, typed. Throws when the plugin is not
 * installed (a deployment without it) or has no such service.
 */
export function getService<P extends PluginId, N extends keyof PluginServices[P] & string>(
  strapi: PluginHolder,
  plugin: P,
  name: N
): PluginServices[P][N] {
  const service = strapi.plugin(plugin)?.service(name);
  if (!service) throw new Error(`Service ${name} of plugin ${plugin} is not available.`);
  return service as PluginServices[P][N];
}
