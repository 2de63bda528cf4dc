import { KINDS, REGISTRATION_STATES } from '../domain/events';

// Factories, not shared objects: Strapi annotates each attribute object in place.
/** Registrations hold citizens' names and emails: never in the Content Manager; events go through the API's rules. */
const hidden = () => ({ 'content-manager': { visible: false }, 'content-type-builder': { visible: false } });

/**
 * Events, registrations and feedback. Places and people are ids of membership's rows (read
 * through its directory), not relations: the events plugin never joins membership's tables.
 */
export default {
  event: {
    schema: {
      kind: 'collectionType',
      collectionName: 'events_events',
      info: { singularName: 'event', pluralName: 'events', displayName: 'Événement' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        kind: { type: 'enumeration', enum: [...KINDS], required: true },
        title: { type: 'string', required: true, maxLength: 200 },
        description: { type: 'text', maxLength: 10000 },
        theme: { type: 'string', maxLength: 200 },
        startsAt: { type: 'datetime', required: true },
        endsAt: { type: 'datetime' },
        address: { type: 'string', maxLength: 300 },
        accessibility: { type: 'text', maxLength: 1000 },
        onlineUrl: { type: 'string', maxLength: 500 },
        organiserLevel: { type: 'enumeration', enum: ['section', 'federation', 'national'], required: true },
        federationId: { type: 'integer' },
        sectionId: { type: 'integer' },
        /** [{ name, title }] — a researcher, a philosopher, an elected official. */
        speakers: { type: 'json' },
        /** Seats; null: no limit. */
        capacity: { type: 'integer', min: 1 },
        audience: { type: 'enumeration', enum: ['members', 'public'], default: 'members', required: true },
        cancelled: { type: 'boolean', default: false },
        createdByUserId: { type: 'integer' },
        /** { themes, proposals, writtenOn, attendance, contribution: { consultation, documentId, sentOn } } */
        report: { type: 'json' },
      },
    },
  },
  registration: {
    schema: {
      kind: 'collectionType',
      collectionName: 'events_registrations',
      info: { singularName: 'registration', pluralName: 'registrations', displayName: 'Inscription à un événement' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        eventId: { type: 'integer', required: true },
        /** Null for a citizen (no account). */
        memberId: { type: 'integer' },
        name: { type: 'string', maxLength: 200 },
        /** Lower-cased: one registration per email and event. */
        email: { type: 'string', maxLength: 254 },
        contactConsent: { type: 'boolean', default: false },
        state: { type: 'enumeration', enum: [...REGISTRATION_STATES], required: true },
        /** When it entered its current queue (waiting list order). */
        queuedAt: { type: 'datetime' },
        /** SHA-256 of the secret in the citizen's confirmation and cancellation links. */
        tokenHash: { type: 'string', maxLength: 64, private: true },
        /** Shown at the door (and in the confirmation email): the per-person check-in code. */
        checkInCode: { type: 'string', maxLength: 12 },
        checkedInAt: { type: 'datetime' },
        remindedAt: { type: 'datetime' },
      },
    },
  },
  feedback: {
    schema: {
      kind: 'collectionType',
      collectionName: 'events_feedbacks',
      info: { singularName: 'feedback', pluralName: 'feedbacks', displayName: 'Avis sur un événement' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        eventId: { type: 'integer', required: true },
        registrationId: { type: 'integer', required: true, unique: true },
        rating: { type: 'integer', min: 1, max: 5, required: true },
        comment: { type: 'text', maxLength: 2000 },
      },
    },
  },
  // The summer university (issue 20 §4): an edition, its sessions and workshops, and each
  // federation's delegation (who goes, transport, lodging).
  'su-edition': {
    schema: {
      kind: 'collectionType',
      collectionName: 'events_su_editions',
      info: { singularName: 'su-edition', pluralName: 'su-editions', displayName: 'Université d’été' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        year: { type: 'integer', required: true, unique: true },
        title: { type: 'string', required: true, maxLength: 200 },
        hostRegion: { type: 'string', required: true, maxLength: 100 },
        place: { type: 'string', maxLength: 300 },
        startsOn: { type: 'date', required: true },
        endsOn: { type: 'date', required: true },
        /** The day the dates were published (created or moved). */
        datesPublishedOn: { type: 'date', required: true },
      },
    },
  },
  'su-session': {
    schema: {
      kind: 'collectionType',
      collectionName: 'events_su_sessions',
      info: { singularName: 'su-session', pluralName: 'su-sessions', displayName: 'Séance d’université d’été' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        editionId: { type: 'integer', required: true },
        kind: { type: 'enumeration', enum: ['plenary', 'workshop'], required: true },
        title: { type: 'string', required: true, maxLength: 200 },
        startsAt: { type: 'datetime', required: true },
        capacity: { type: 'integer', min: 1 },
        /** A workshop's written output (what it produced). */
        output: { type: 'text', maxLength: 20000 },
        outputOn: { type: 'date' },
      },
    },
  },
  'su-attendance': {
    schema: {
      kind: 'collectionType',
      collectionName: 'events_su_attendances',
      info: { singularName: 'su-attendance', pluralName: 'su-attendances', displayName: 'Inscription à une séance' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        sessionId: { type: 'integer', required: true },
        memberId: { type: 'integer', required: true },
        /** `confirmed`: holds a place; `waiting`: the workshop's waiting list (promoted in order of arrival). Rows before the list existed: confirmed. */
        state: { type: 'enumeration', enum: ['confirmed', 'waiting'], default: 'confirmed' },
        /** When it entered its current queue (waiting list order). */
        queuedAt: { type: 'datetime' },
      },
    },
  },
  'su-delegate': {
    schema: {
      kind: 'collectionType',
      collectionName: 'events_su_delegates',
      info: { singularName: 'su-delegate', pluralName: 'su-delegates', displayName: 'Délégué·e à l’université d’été' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        editionId: { type: 'integer', required: true },
        federationId: { type: 'integer', required: true },
        memberId: { type: 'integer', required: true },
        transportMode: { type: 'enumeration', enum: ['train', 'car', 'bus', 'plane', 'other'], required: true },
        departure: { type: 'string', required: true, maxLength: 100 },
        /** Seats offered (a car's driver) or needed (a coach booked by the federation): the seats this delegate brings. */
        seats: { type: 'integer', min: 0, default: 0 },
        lodging: { type: 'enumeration', enum: ['none', 'shared', 'single', 'accessible'], required: true },
      },
    },
  },
};
