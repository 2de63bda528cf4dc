import { uniqueConflicts } from '@intranet-militant/shared';

const schema = {
  kind: 'collectionType',
  collectionName: 'membership_members',
  info: {
    singularName: 'member',
    pluralName: 'members',
    displayName: 'Adhérent',
    description: 'La fiche d’un adhérent, liée à son compte de connexion.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-type-builder': { visible: false },
    intranet: {
      federationScope: 'federation.departmentCode',
      staffActions: ['read', 'create', 'update'],
      // Login accounts and their roles are created through the API (POST /api/membership/members);
      // staff do not see accounts in the panel (they would see every federation's).
      // The socio-professional category is the member's own, shared only as aggregates.
      staffHidden: ['user', 'socioProfessionalCategory', 'socioProfessionalConsentedAt', 'socioProfessionalConsentVersion'],
      // The status (membershipStatus, statusReason, statusChangedOn, suspendedUntil) is read-only
      // for staff here: it changes through the API's status command, with its reason and dates.
      staffFields: ['membershipNumber', 'firstName', 'lastName', 'phone', 'federation', 'section', 'joinedOn', 'sex', 'birthYear'],
      // « Prénom Nom · n° ADH-123 » (member-display-name.ts): the pickers of dues, seats,
      // mandates… tell two namesakes apart. Shown in lists and pickers, not in the edit form.
      mainField: 'displayName',
      derivedFields: ['displayName'],
      labels: {
        displayName: 'Adhérent',
        membershipNumber: 'Numéro d’adhérent', firstName: 'Prénom', lastName: 'Nom', phone: 'Téléphone',
        user: 'Compte de connexion', federation: 'Fédération', section: 'Section', joinedOn: 'Date d’adhésion',
        membershipStatus: 'Statut', statusReason: 'Motif du statut',
        statusChangedOn: 'Statut depuis le', suspendedUntil: 'Suspendu jusqu’au', dues: 'Cotisations',
        sex: 'Sexe (tel qu’enregistré)', birthYear: 'Année de naissance',
        leftOn: 'A quitté le parti le', erasedOn: 'Données effacées le', erasureRequestedOn: 'Effacement demandé le',
      },
    },
  },
  attributes: {
    membershipNumber: { type: 'string', required: true, unique: true, maxLength: 20, regex: '^[A-Z0-9-]{3,20}$' },
    firstName: { type: 'string', required: true, maxLength: 80 },
    lastName: { type: 'string', required: true, maxLength: 80 },
    // « Prénom Nom · n° ADH-123 », kept in step with the names and number by a database
    // lifecycle (member-display-name.ts) and filled at boot: the admin panel's main field (one
    // stored, sortable field). Private: the content API never returns it (the portal composes
    // names itself); visible to the admin panel, written by no one but the lifecycle.
    displayName: { type: 'string', maxLength: 255, private: true, writable: false },
    phone: { type: 'string', maxLength: 30, private: true },
    user: { type: 'relation', relation: 'oneToOne', target: 'plugin::users-permissions.user' },
    federation: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.federation' },
    section: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.section' },
    joinedOn: { type: 'date', required: true },
    // Sex as registered and year of birth (issue 15, composition of bodies): optional, staff-only
    // (officers who may read the profile, and the member themself); other plugins read them
    // only as aggregates through `directory.compositionProfiles`.
    sex: { type: 'enumeration', enum: ['F', 'M'], private: true },
    birthYear: { type: 'integer', min: 1900, max: 2100, private: true },
    // Socio-professional category (INSEE PCS 2020 group), only with the member's consent
    // (domain/socio-professional.ts): set and withdrawn by the member alone through
    // `PUT|DELETE /api/membership/me/socio-professional`; never shown individually, to staff
    // either (hidden from the admin panel); read by others only as masked aggregates.
    socioProfessionalCategory: {
      type: 'enumeration',
      enum: ['agriculteurs', 'artisans-commercants', 'cadres', 'intermediaires', 'employes', 'ouvriers', 'retraites', 'sans-activite'],
      private: true,
      visible: false,
      writable: false,
      // Not matched by the admin panel's list search (`_q`): staff could guess it by searching.
      searchable: false,
    },
    socioProfessionalConsentedAt: { type: 'datetime', private: true, visible: false, writable: false },
    socioProfessionalConsentVersion: { type: 'string', maxLength: 20, private: true, visible: false, writable: false, searchable: false },
    // Not `status`: Strapi 5 reserves that word for draft/published in the Content Manager.
    membershipStatus: { type: 'enumeration', enum: ['active', 'suspended', 'excluded'], default: 'active', required: true },
    statusReason: { type: 'text', maxLength: 1000 },
    statusChangedOn: { type: 'date' },
    suspendedUntil: { type: 'date' },
    // Copy of the federation's department code, for the admin panel's conditions (see admin-scope).
    federationCode: { type: 'string', maxLength: 3, private: true, visible: false, writable: false },
    // Retention and erasure (issue 22, item 4): the day the member left the party (recorded by
    // staff, or by the member's own erasure request), and the day their personal data was
    // erased (the profile is then a pseudonym: « Ancien adhérent », number EFF-<id>).
    leftOn: { type: 'date' },
    erasedOn: { type: 'date' },
    // The day the member asked for their own erasure (commands/request-erasure.ts): their
    // account closed that day, the erasure follows just after, or, while a hold stands, the
    // retention job erases them once nothing holds the data (staff answer within a month);
    // cleared by a return, or when they are told of a disciplinary case (the request refused).
    erasureRequestedOn: { type: 'date', writable: false },
    // The admin-panel accounts that request deactivated (`[{ id, stamp }]`: the account and its
    // `updatedAt` as the deactivation left it), so that a request withdrawn reactivates those and
    // only those (`reopenAdminAccountsOfRequest`): not one deactivated before it, nor one a
    // national admin or a suspension or exclusion decided about since. Here, on the member's row,
    // because it is written in the transaction that records the request and cleared with it,
    // it lasts across restarts, and it needs no table of its own: the admin accounts are
    // Strapi's (no column of ours there) and the audit log is another plugin's record, not state
    // to query. Internal: no one reads or writes it through the API or the admin panel.
    erasureClosedAdmins: { type: 'json', private: true, visible: false, writable: false },
    dues: { type: 'relation', relation: 'oneToMany', target: 'plugin::membership.due', mappedBy: 'member' },
  },
  indexes: [{ name: 'membership_members_number_uq', columns: ['membership_number'], type: 'unique' }],
};

/** The 409 of a membership number already given. */
export const memberConflicts = uniqueConflicts(schema, {
  membership_members_number_uq: 'Ce numéro d’adhérent est déjà attribué.',
});

export default { schema };
