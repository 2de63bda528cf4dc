import { BODY_KINDS, DESIGNATIONS, LEVELS, MEETING_STATUSES, MINUTES_STATUSES, SEAT_ROLE_LABELS, SEAT_ROLES } from '../domain/vocabulary';

// Factories, not shared objects: Strapi annotates each attribute object in place.
/** Minutes are written on the portal only (the secretary's editor): not in the Content Manager. */
const hidden = () => ({ 'content-manager': { visible: false }, 'content-type-builder': { visible: false } });
const federationCode = () => ({ type: 'string', maxLength: 3, private: true, visible: false, writable: false }) as const;

/**
 * Staff of a federation manage its bodies, seats and meetings in the admin panel (see
 * membership's admin-scope): create and update, never delete (history is kept). The same
 * rules as the API hold there (integrity.ts): seats never overlap and are only ended,
 * meetings change while planned, a body keeps its level and place.
 */
const staffEdits = (federationScope: string, mainField: string, fields: string[], updateFields: string[], hiddenFields: string[], labels: Record<string, string>, derivedFields: string[] = [], defaultSort?: [string, 'ASC' | 'DESC']) => ({
  'content-type-builder': { visible: false },
  intranet: { federationScope, staffActions: ['read', 'create', 'update'], staffFields: fields, staffUpdateFields: updateFields, staffHidden: hiddenFields, mainField, labels, derivedFields, defaultSort },
});

/** Staff options with the French labels of an enumeration's values, by attribute (`intranet.valueLabels`). */
const withValueLabels = (valueLabels: Record<string, Record<string, string>>, options: ReturnType<typeof staffEdits>) => ({
  ...options,
  intranet: { ...options.intranet, valueLabels },
});

/**
 * A party body (bureau fédéral, conseil fédéral, bureau de section, commission…), its
 * seats (designations over half-open Paris date ranges `[startOn, endOn)`), its meetings
 * and their minutes. Attendance rows and convocations live in plain tables (storage.ts):
 * their keys are the guarantees, and the indicator reads them in one SQL pass.
 */
export default {
  body: {
    schema: {
      kind: 'collectionType',
      collectionName: 'bodies_bodies',
      info: { singularName: 'body', pluralName: 'bodies', displayName: 'Instance', description: 'Une instance du parti à un niveau.' },
      options: { draftAndPublish: false },
      pluginOptions: staffEdits(
        'federation.departmentCode',
        'name',
        ['name', 'level', 'kind', 'federation', 'section', 'seatCount', 'parityRequired', 'secretariat', 'absenceAlertAfter'],
        ['name', 'kind', 'seatCount', 'parityRequired', 'secretariat', 'absenceAlertAfter'],
        ['federationCode'],
        {
          name: 'Nom', level: 'Niveau', kind: 'Type',
          federation: 'Fédération', section: 'Section', seatCount: 'Nombre de sièges', parityRequired: 'Parité requise',
          secretariat: 'Secrétariat (adhérent)', absenceAlertAfter: 'Absences de suite avant alerte',
        }
      ),
      attributes: {
        name: { type: 'string', required: true, maxLength: 200 },
        level: { type: 'enumeration', enum: [...LEVELS], required: true, default: 'federation' },
        kind: { type: 'enumeration', enum: [...BODY_KINDS], required: true, default: 'bureau' },
        federation: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.federation' },
        section: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.section' },
        seatCount: { type: 'integer', required: true, min: 1, max: 1000 },
        parityRequired: { type: 'boolean', default: false },
        /** Who runs the secretariat (marks attendance, writes the minutes) besides a seat holder with the role « secrétaire ». */
        secretariat: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        /** « k absences de suite » that alert the secretary. */
        absenceAlertAfter: { type: 'integer', required: true, min: 1, max: 50, default: 3 },
        federationCode: federationCode(),
      },
    },
  },

  seat: {
    schema: {
      kind: 'collectionType',
      collectionName: 'bodies_seats',
      info: { singularName: 'seat', pluralName: 'seats', displayName: 'Siège (désignation)' },
      options: { draftAndPublish: false },
      // Its main field is an enumeration: `valueLabels` names its values where the panel shows it raw (src/admin-doors, the home page's « Dernières entrées éditées »).
      pluginOptions: withValueLabels({ role: SEAT_ROLE_LABELS }, staffEdits(
        'body.federation.departmentCode',
        'role',
        ['body', 'member', 'role', 'designation', 'startOn', 'endOn', 'endReason'],
        ['endOn', 'endReason'],
        ['overlapKey', 'federationCode'],
        {
          body: 'Instance', member: 'Adhérent', role: 'Rôle', designation: 'Mode de désignation', startOn: 'Début (inclus)',
          endOn: 'Fin (exclue ; vide tant que le mandat court)', endReason: 'Motif de fin',
        }
      )),
      attributes: {
        body: { type: 'relation', relation: 'manyToOne', target: 'plugin::bodies.body' },
        member: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        role: { type: 'enumeration', enum: [...SEAT_ROLES], required: true, default: 'titulaire' },
        designation: { type: 'enumeration', enum: [...DESIGNATIONS], required: true, default: 'elected-congress' },
        /** First Paris day of the tenure (included). */
        startOn: { type: 'date', required: true },
        /** First Paris day after the tenure (excluded); empty while it runs. */
        endOn: { type: 'date' },
        endReason: { type: 'string', maxLength: 500 },
        /** `bodyId:memberId:role`: what the PostgreSQL exclusion constraint compares (relations live in link tables). */
        overlapKey: { type: 'string', maxLength: 80, private: true, visible: false, writable: false },
        federationCode: federationCode(),
      },
      indexes: [{ name: 'bodies_seats_overlap_key', columns: ['overlap_key'] }],
    },
  },

  meeting: {
    schema: {
      kind: 'collectionType',
      collectionName: 'bodies_meetings',
      info: { singularName: 'meeting', pluralName: 'meetings', displayName: 'Réunion' },
      options: { draftAndPublish: false },
      pluginOptions: staffEdits(
        'body.federation.departmentCode',
        // « Bureau fédéral — 12 mars 2026 à 18 h 30 », not the raw instant (meeting-titles.ts).
        'title',
        ['body', 'startsAt', 'durationMinutes', 'place', 'remoteLink', 'agenda'],
        ['startsAt', 'durationMinutes', 'place', 'remoteLink', 'agenda'],
        ['heldOn', 'convokedAt', 'federationCode'],
        {
          title: 'Réunion', body: 'Instance', startsAt: 'Date et heure', durationMinutes: 'Durée (minutes)', place: 'Lieu', remoteLink: 'Lien de visioconférence (https)',
          meetingStatus: 'Statut (tenue ou annulée : depuis le portail)', agenda: 'Ordre du jour (liste JSON de points, chacun avec son « title »)',
        },
        ['title'],
        // The newest meeting first, not by title.
        ['startsAt', 'DESC']
      ),
      attributes: {
        body: { type: 'relation', relation: 'manyToOne', target: 'plugin::bodies.body' },
        startsAt: { type: 'datetime', required: true },
        /**
         * « Bureau fédéral — 12 mars 2026 à 18 h 30 »: the body's name and the Paris date and
         * time, kept in step by database lifecycles (meeting-titles.ts) and filled at boot; the
         * admin panel's main field. Private: the API presents meetings itself.
         */
        title: { type: 'string', maxLength: 255, private: true, writable: false },
        /** The Paris calendar date of `startsAt` (what tenures are compared with); set from it on every write. */
        heldOn: { type: 'date', visible: false, writable: false },
        durationMinutes: { type: 'integer', min: 15, max: 1440, default: 120 },
        place: { type: 'string', maxLength: 300 },
        remoteLink: { type: 'string', maxLength: 500 },
        /**
         * planned → held or cancelled (from the portal). Not `status`: Strapi 5 reserves that word
         * for draft & publish, and its Content Manager showed « published » or nothing instead
         * (renamed by database/migrations/2026.12.06T18.00.00.meeting-status.js). The API still
         * answers `status` (queries/views.ts).
         */
        meetingStatus: { type: 'enumeration', enum: [...MEETING_STATUSES], required: true, default: 'planned' },
        /** Agenda items, in order: `[{ title }]`. */
        agenda: { type: 'json' },
        /** When the convocations were recorded as due (one per seat holder, storage.ts). */
        convokedAt: { type: 'datetime', visible: false, writable: false },
        federationCode: federationCode(),
      },
    },
  },

  minutes: {
    schema: {
      kind: 'collectionType',
      collectionName: 'bodies_minutes',
      info: { singularName: 'minutes', pluralName: 'minutes-versions', displayName: 'Procès-verbal' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        meeting: { type: 'relation', relation: 'manyToOne', target: 'plugin::bodies.meeting' },
        version: { type: 'integer', required: true, min: 1 },
        /** `meetingId:version`, unique: two new versions at once cannot take the same number. */
        versionKey: { type: 'string', required: true, maxLength: 40, private: true },
        /**
         * draft → approved → published (from the portal). Not `status`: Strapi 5 reserves that word
         * for draft & publish (renamed by database/migrations/2026.12.06T19.30.00.minutes-and-question-status.js).
         * The API still answers `status` (queries/views.ts).
         */
        minutesStatus: { type: 'enumeration', enum: [...MINUTES_STATUSES], required: true, default: 'draft' },
        /** Summary of the debates. */
        summary: { type: 'text', maxLength: 20000 },
        /** Topics: `[{ title, discussion, confidential, decisions: [{ text, votesFor, votesAgainst, abstentions }] }]`. */
        items: { type: 'json' },
        /** The meeting at which it was approved, and when. */
        approvedAtMeeting: { type: 'relation', relation: 'manyToOne', target: 'plugin::bodies.meeting' },
        approvedOn: { type: 'date' },
        releasedOn: { type: 'date' },
        /** The day a later version of the same minutes was published: this one stays in the history, out of the search index. */
        supersededOn: { type: 'date' },
        /** The version this one corrects. */
        corrects: { type: 'relation', relation: 'manyToOne', target: 'plugin::bodies.minutes' },
      },
      indexes: [{ name: 'bodies_minutes_version_uq', columns: ['version_key'], type: 'unique' }],
    },
  },
};
