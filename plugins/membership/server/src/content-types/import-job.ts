/**
 * One import of members and dues from a file: its mapping, its dry run and, once confirmed,
 * its progress. Written only by the import commands and runner (not in the admin panel's
 * Content Manager: the plugin's own screen shows it). `processedRows` is the resume point:
 * rows up to it were committed, batch by batch.
 */
const schema = {
  kind: 'collectionType',
  collectionName: 'membership_import_jobs',
  info: {
    singularName: 'import-job',
    pluralName: 'import-jobs',
    displayName: 'Import d’adhérents',
    description: 'Un import d’adhérents et de cotisations depuis un fichier.',
  },
  options: { draftAndPublish: false },
  pluginOptions: { 'content-type-builder': { visible: false }, 'content-manager': { visible: false } },
  attributes: {
    federationId: { type: 'integer', required: true },
    // Who started it (the actor as resolved then): the batches run in their name, with their rights.
    actor: { type: 'json', required: true },
    fileName: { type: 'string', maxLength: 255 },
    format: { type: 'enumeration', enum: ['csv', 'xlsx'], required: true },
    encoding: { type: 'string', maxLength: 20 },
    delimiter: { type: 'string', maxLength: 1 },
    columns: { type: 'json' },
    mapping: { type: 'json' },
    // previewed (dry run shown) → running (confirmed, batches being written) → done | failed
    state: { type: 'enumeration', enum: ['previewed', 'running', 'done', 'failed'], default: 'previewed', required: true },
    totalRows: { type: 'integer', default: 0 },
    processedRows: { type: 'integer', default: 0 },
    preview: { type: 'json' },
    result: { type: 'json' },
    invite: { type: 'boolean', default: false },
    createSections: { type: 'json' },
    failure: { type: 'text' },
    confirmedAt: { type: 'datetime' },
    finishedAt: { type: 'datetime' },
  },
};

export default { schema };
