import { uniqueConflicts } from '@intranet-militant/shared';
import { DEPARTMENT_CODE_PATTERN } from '../domain/department';

const schema = {
  kind: 'collectionType',
  collectionName: 'membership_federations',
  info: {
    singularName: 'federation',
    pluralName: 'federations',
    displayName: 'Fédération',
    description: 'Une fédération départementale du parti.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-type-builder': { visible: false },
    // How an entry relates to a federation: drives the admin panel's federation scope.
    intranet: {
      federationScope: 'departmentCode',
      staffActions: ['read'],
      mainField: 'name',
      labels: { name: 'Nom', departmentCode: 'Code du département', sections: 'Sections' },
    },
  },
  attributes: {
    name: { type: 'string', required: true, unique: true, maxLength: 120 },
    departmentCode: {
      type: 'string',
      required: true,
      unique: true,
      maxLength: 3,
      regex: DEPARTMENT_CODE_PATTERN,
    },
    sections: {
      type: 'relation',
      relation: 'oneToMany',
      target: 'plugin::membership.section',
      mappedBy: 'federation',
    },
  },
  indexes: [
    { name: 'membership_federations_code_uq', columns: ['department_code'], type: 'unique' },
    { name: 'membership_federations_name_uq', columns: ['name'], type: 'unique' },
  ],
};

/** The 409s of a department or a name that already has its federation. */
export const federationConflicts = uniqueConflicts(schema, {
  membership_federations_code_uq: 'Ce département a déjà sa fédération.',
  membership_federations_name_uq: 'Une fédération porte déjà ce nom.',
});

export default { schema };
