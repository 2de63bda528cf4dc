import { uniqueConflicts } from '@intranet-militant/shared';

const schema = {
  kind: 'collectionType',
  collectionName: 'modules_federation_modules',
  info: {
    singularName: 'federation-module',
    pluralName: 'federation-modules',
    displayName: 'Module de fédération',
    description: 'Un module de l’intranet, activé ou non pour une fédération.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-type-builder': { visible: false },
    // Staff switch their federation's modules in the admin panel, and change nothing else.
    intranet: {
      federationScope: 'federation.departmentCode',
      staffActions: ['read', 'update'],
      staffFields: ['enabled'],
      mainField: 'label',
      // Staff of a national view tell the federations' switches apart.
      listColumns: ['federation'],
      labels: { label: 'Module', moduleId: 'Identifiant du module', enabled: 'Activé', federation: 'Fédération' },
    },
  },
  attributes: {
    label: { type: 'string', required: true, maxLength: 120 },
    moduleId: { type: 'string', required: true, maxLength: 60 },
    enabled: { type: 'boolean', required: true, default: false },
    federation: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.federation' },
    // Copy of the federation's department code, for the admin panel's conditions (see admin-scope).
    federationCode: { type: 'string', maxLength: 3, private: true, visible: false, writable: false },
    // "<federation id>:<module id>": one row per federation and module, guaranteed by the index.
    switchKey: { type: 'string', private: true, visible: false, writable: false },
  },
  indexes: [{ name: 'modules_federation_modules_key_uq', columns: ['switch_key'], type: 'unique' }],
};

/** The 409 of a second switch for the same federation and module. */
export const switchConflicts = uniqueConflicts(schema, {
  modules_federation_modules_key_uq: 'Cette fédération a déjà un réglage pour ce module.',
});

export default { 'federation-module': { schema } };
