import { PAYMENT_METHODS, uniqueConflicts } from '@intranet-militant/shared';

const schema = {
  kind: 'collectionType',
  collectionName: 'membership_dues',
  info: {
    singularName: 'due',
    pluralName: 'dues',
    displayName: 'Cotisation',
    description: 'La cotisation annuelle d’un adhérent pour une année.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-type-builder': { visible: false },
    intranet: {
      federationScope: 'member.federation.departmentCode',
      staffActions: ['read', 'create', 'update'],
      // A recorded payment is not rewritten: staff may annotate it or cancel it.
      staffUpdateFields: ['reference', 'cancelledOn', 'cancelReason'],
      mainField: 'year',
      listColumns: ['amountCents'],
      labels: {
        member: 'Adhérent', year: 'Année', amountCents: 'Montant (€)', paidOn: 'Payée le',
        method: 'Mode de paiement', reference: 'Référence', cancelledOn: 'Annulée le', cancelReason: 'Motif d’annulation',
      },
    },
  },
  attributes: {
    member: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member', inversedBy: 'dues' },
    year: { type: 'integer', required: true, min: 2000, max: 2100 },
    amountCents: { type: 'integer', required: true, min: 0, max: 10000000 },
    paidOn: { type: 'date', required: true },
    method: {
      type: 'enumeration',
      enum: [...PAYMENT_METHODS],
      required: true,
    },
    reference: { type: 'string', maxLength: 80 },
    cancelledOn: { type: 'date' },
    cancelReason: { type: 'text', maxLength: 1000 },
    // Set at the member's erasure only: the accounting record keeps who paid (« NOM Prénom,
    // n° X ») while the profile becomes a pseudonym; deleted with the due at the end of its
    // accounting period (issue 22, item 4: Code de commerce art. L123-22, 10 years).
    payer: { type: 'string', maxLength: 200, private: true, visible: false, writable: false, searchable: false },
    // Copy of the federation's department code, for the admin panel's conditions (see admin-scope).
    federationCode: { type: 'string', maxLength: 3, private: true, visible: false, writable: false },
    // "<member id>:<year>" while the due stands, null once cancelled: the unique index below
    // is the database's guarantee of one standing due per member and year.
    memberYear: { type: 'string', private: true, visible: false, writable: false },
  },
  indexes: [{ name: 'membership_dues_member_year_uq', columns: ['member_year'], type: 'unique' }],
};

/** The 409 of a second standing due for the same member and year. */
export const dueConflicts = uniqueConflicts(schema, {
  membership_dues_member_year_uq: 'La cotisation de cette année est déjà enregistrée pour cet adhérent.',
});

export default { schema };
