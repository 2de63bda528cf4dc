/**
 * A row of an import file as read (its cells by column header) and what the last dry run
 * or batch made of it. `position` orders rows (0-based) for batches and resuming;
 * `fileReasons` are the reasons that depend on the whole file (duplicates inside it);
 * `readReasons` those found reading the line (its number of fields, a cell too long): such
 * a row is refused whatever the mapping.
 */
const schema = {
  kind: 'collectionType',
  collectionName: 'membership_import_rows',
  info: {
    singularName: 'import-row',
    pluralName: 'import-rows',
    displayName: 'Ligne d’import',
    description: 'Une ligne d’un fichier d’import.',
  },
  options: { draftAndPublish: false },
  pluginOptions: { 'content-type-builder': { visible: false }, 'content-manager': { visible: false } },
  attributes: {
    jobId: { type: 'integer', required: true },
    position: { type: 'integer', required: true },
    line: { type: 'integer', required: true },
    cells: { type: 'json' },
    outcome: { type: 'enumeration', enum: ['create', 'update', 'unchanged', 'refused'] },
    reasons: { type: 'json' },
    fileReasons: { type: 'json' },
    readReasons: { type: 'json' },
  },
  indexes: [{ name: 'membership_import_rows_job_position', columns: ['job_id', 'position'], type: 'unique' }],
};

export default { schema };
