/**
 * A member's « Mes données » export (issue 22, item 3): requested by the member, generated in
 * the background, offered for 7 days, then deleted. Written only by the export commands (not
 * in the admin panel). `pendingKey` is the member's id while the export waits to be generated
 * and null afterwards: its unique index keeps one pending request per member, even when two
 * requests race.
 */
const schema = {
  kind: 'collectionType',
  collectionName: 'membership_data_exports',
  info: {
    singularName: 'data-export',
    pluralName: 'data-exports',
    displayName: 'Export « Mes données »',
    description: 'Les données d’un adhérent, préparées pour lui seul et gardées 7 jours.',
  },
  options: { draftAndPublish: false },
  pluginOptions: { 'content-type-builder': { visible: false }, 'content-manager': { visible: false } },
  attributes: {
    memberId: { type: 'integer', required: true },
    federationId: { type: 'integer' },
    // requested (waiting for the worker) → ready (content filled, offered until expiresAt) | failed
    state: { type: 'enumeration', enum: ['requested', 'ready', 'failed'], default: 'requested', required: true },
    pendingKey: { type: 'string', maxLength: 20 },
    requestedAt: { type: 'datetime', required: true },
    readyAt: { type: 'datetime' },
    expiresAt: { type: 'datetime', required: true },
    content: { type: 'json' },
    // The readable PDF (base64), made by the same worker from `content`; deleted with the row.
    pdf: { type: 'text' },
    failure: { type: 'text' },
  },
  indexes: [{ name: 'membership_data_exports_pending_uq', columns: ['pending_key'], type: 'unique' }],
};

export default { schema };
