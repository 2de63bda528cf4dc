import { uniqueConflicts } from '@intranet-militant/shared';

const schema = {
  kind: 'collectionType',
  collectionName: 'membership_sections',
  info: {
    singularName: 'section',
    pluralName: 'sections',
    displayName: 'Section',
    description: 'Une section locale, rattachée à une fédération.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-type-builder': { visible: false },
    intranet: {
      federationScope: 'federation.departmentCode',
      staffActions: ['read', 'create', 'update'],
      mainField: 'name',
      listColumns: ['federation'],
      labels: { name: 'Nom', federation: 'Fédération' },
    },
  },
  attributes: {
    name: { type: 'string', required: true, maxLength: 120 },
    // Copy of the federation's department code, for the admin panel's conditions (see admin-scope).
    federationCode: { type: 'string', maxLength: 3, private: true, visible: false, writable: false },
    // "<federation id>:<lower-cased name>": one section of a name per federation, held by the index.
    nameKey: { type: 'string', private: true, visible: false, writable: false },
    federation: {
      type: 'relation',
      relation: 'manyToOne',
      target: 'plugin::membership.federation',
      inversedBy: 'sections',
    },
  },
  indexes: [{ name: 'membership_sections_name_uq', columns: ['name_key'], type: 'unique' }],
};

/** The 409 of a second section of the same name in a federation. */
export const sectionConflicts = uniqueConflicts(schema, {
  membership_sections_name_uq: 'Une section porte déjà ce nom dans cette fédération.',
});

export default { schema };
