import { allRoles, defineManifest, definePermissions } from '@intranet-militant/shared';

export const searchPermissions = definePermissions({
  /** Every role searches; what each may see is decided inside the query. */
  'search.query': allRoles('all'),
});

export const searchModule = defineManifest({
  id: 'search',
  label: 'Recherche',
  description: 'Un champ de recherche pour les documents, actualités, propositions et formations que l’adhérent peut voir.',
  defaultEnabled: true,
  permissions: searchPermissions.table,
  searchable: [],
});
