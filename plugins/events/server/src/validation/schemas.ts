import { z } from 'zod';
import { fields, frenchDate, hasVisibleCharacter, isRealDate, strictInteger, type RouteInput } from '@intranet-militant/shared';
import { parisTimeExists, parisTimeRepeated } from '../domain/paris-time';
import { AUDIENCE_LABELS, KIND_LABELS, ORGANISER_LABELS } from '../domain/events';
import { LODGING_LABELS, SESSION_LABELS, TRANSPORT_LABELS } from '../domain/summer-university';

const optionalText = (label: string, max: number) =>
  z.string({ error: `${label} : du texte.` }).trim().max(max, { error: `${label} : ${max} caractères au plus.` }).optional();

/** « 2026-03-12T19:00 », Paris time. */
const parisDateTime = (label: string) =>
  z
    .string({ error: `${label} : date et heure attendues au format AAAA-MM-JJTHH:MM (heure de Paris).` })
    .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, { error: `${label} : date et heure attendues au format AAAA-MM-JJTHH:MM (heure de Paris).`, abort: true })
    .refine((value) => isRealDate(value.slice(0, 10)), { error: `${label} : cette date n’existe pas.`, abort: true })
    // The spring change skips an hour in Paris: a time in it is refused, never moved silently.
    .refine((value) => parisTimeExists(value), { error: (issue) => `${label} : cette heure n’existe pas le ${frenchDate(String(issue.input).slice(0, 10))} (passage à l’heure d’été).`, abort: true })
    // The autumn change repeats an hour: a time in it could be either instant (no offset is taken here), so it is refused too.
    .refine((value) => !parisTimeRepeated(value), { error: (issue) => `${label} : cette heure existe deux fois le ${frenchDate(String(issue.input).slice(0, 10))} (passage à l’heure d’hiver) : choisissez une autre heure.`, abort: true })
    .refine((value) => value >= '2000-01-01' && value < '2101-01-01', { error: `${label} : une date entre 2000 et 2100.` });

const url = (label: string) =>
  z.string({ error: `${label} : une adresse web.` }).trim().max(500, { error: `${label} : 500 caractères au plus.` }).regex(/^https:\/\/[^\s<>"]+$/, { error: `${label} : une adresse web commençant par https://.` });

const email = z
  .string({ error: 'L’adresse électronique est obligatoire.' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'L’adresse électronique : 254 caractères au plus.' })
  .regex(/^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/, { error: 'L’adresse électronique n’est pas valide.' });

const speaker = z.strictObject({ name: fields.text('Le nom de l’intervenant', 200), title: optionalText('La qualité de l’intervenant', 200) });

const eventFields = {
  kind: fields.choice('Type d’événement', KIND_LABELS),
  title: fields.text('Le titre', 200),
  description: optionalText('La description', 10_000),
  theme: optionalText('Le thème', 200),
  startsAt: parisDateTime('Le début'),
  endsAt: parisDateTime('La fin').optional(),
  address: optionalText('L’adresse', 300),
  accessibility: optionalText('L’accessibilité', 1000),
  onlineUrl: url('Le lien en ligne').optional(),
  speakers: z.array(speaker, { error: 'Les intervenants : une liste.' }).max(20, { error: '20 intervenants au plus.' }).optional(),
  capacity: strictInteger(z.number({ error: 'La jauge : un nombre entier de places.' }).int({ error: 'La jauge : un nombre entier de places.' }).min(1, { error: 'La jauge : au moins 1 place.' }).max(100_000, { error: 'La jauge : 100 000 places au plus.' })).nullable().optional(),
  audience: fields.choice('Public', AUDIENCE_LABELS),
};

export const createEvent = z
  .strictObject({
    ...eventFields,
    organiser: fields.choice('Organisateur', ORGANISER_LABELS),
    /** The organising section (organiser « section »). */
    section: fields.documentId('La section').optional(),
    /** The organising federation (organiser « federation »; defaults to the caller's). */
    federation: fields.documentId('La fédération').optional(),
  })
  // An address of zero-width or filler characters says no place: as missing as « ».
  .refine((e) => hasVisibleCharacter(e.address ?? '') || Boolean(e.onlineUrl), { path: ['address'], error: 'Indiquez le lieu (adresse) ou le lien en ligne.' })
  .refine((e) => !e.endsAt || e.endsAt > e.startsAt, { path: ['endsAt'], error: 'La fin doit suivre le début.' })
  .refine((e) => e.organiser !== 'section' || Boolean(e.section), { path: ['section'], error: 'Indiquez la section organisatrice.' });
export type CreateEvent = z.output<typeof createEvent>;

export const updateEvent = z
  .strictObject({
    title: eventFields.title.optional(),
    description: eventFields.description,
    theme: eventFields.theme,
    startsAt: eventFields.startsAt.optional(),
    endsAt: eventFields.endsAt,
    address: eventFields.address,
    accessibility: eventFields.accessibility,
    onlineUrl: eventFields.onlineUrl,
    speakers: eventFields.speakers,
    capacity: eventFields.capacity,
    cancelled: z.boolean({ error: 'Annulé : vrai ou faux.' }).optional(),
  })
  .refine((e) => Object.keys(e).length > 0, { error: 'Rien à modifier.' });
export type UpdateEvent = z.output<typeof updateEvent>;

export const publicRegistration = z.strictObject({
  name: fields.text('Votre nom', 200),
  email,
  /** Unchecked by default in the form: only an explicit `true` is consent. */
  contactConsent: z.boolean({ error: 'Le consentement : vrai ou faux.' }).default(false),
  /** Honeypot: a field hidden from people; automated forms fill it. */
  website: z.string({ error: 'Champ invalide.' }).max(500, { error: 'Champ invalide.' }).optional(),
});
export type PublicRegistration = z.output<typeof publicRegistration>;

export const token = z.strictObject({ token: z.string({ error: 'Le lien est incomplet.' }).regex(/^[A-Za-z0-9_-]{20,100}$/, { error: 'Le lien est invalide.' }) });

export const checkIn = z
  .strictObject({
    /** The per-person code shown on the registration. */
    code: z.string({ error: 'Le code : du texte.' }).trim().toUpperCase().regex(/^[A-Z0-9]{4,12}$/, { error: 'Le code est invalide.' }).optional(),
    /** Or the registration picked from the list. */
    registration: fields.documentId('L’inscription').optional(),
  })
  .refine((c) => Boolean(c.code) !== Boolean(c.registration), { path: ['code'], error: 'Indiquez un code ou une inscription (l’un ou l’autre).' });

export const report = z.strictObject({
  themes: z.array(fields.text('Un thème', 200), { error: 'Les thèmes : une liste.' }).max(30, { error: '30 thèmes au plus.' }),
  proposals: z.array(fields.text('Une proposition', 2000), { error: 'Les propositions : une liste.' }).max(50, { error: '50 propositions au plus.' }),
  summary: optionalText('Le résumé', 3000),
});
export type Report = z.output<typeof report>;

export const contribution = z.strictObject({ consultation: fields.documentId('La consultation') });

export const feedback = z.strictObject({
  rating: strictInteger(z.number({ error: 'La note : un nombre entier de 1 à 5.' }).int({ error: 'La note : un nombre entier de 1 à 5.' }).min(1, { error: 'La note : un nombre entier de 1 à 5.' }).max(5, { error: 'La note : un nombre entier de 1 à 5.' })),
  comment: optionalText('Le commentaire', 2000),
});

const when = z.enum(['upcoming', 'past'], { error: 'Période : « upcoming » (à venir) ou « past » (passés).' });
export const listEvents = z.strictObject({ when: when.default('upcoming'), kind: fields.choice('Type d’événement', KIND_LABELS).optional(), ...fields.pagination(25) });
export const listPublic = z.strictObject({ ...fields.pagination(25) });
/** `?from&to` (Paris days, both included): the end may not come before the start (as bodies' indicators). */
export const statsQuery = z
  .strictObject({
    from: fields.isoDate('Du').optional(),
    to: fields.isoDate('Au').optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'La fin de la période vient après son début (ou le même jour).', path: ['to'] });

const id = z.strictObject({ id: fields.documentId('L’événement') });
const editionId = z.strictObject({ id: fields.documentId('L’université d’été') });
const sessionId = z.strictObject({ id: fields.documentId('La séance') });

export const edition = z.strictObject({
  year: strictInteger(z.number({ error: 'L’année : un nombre entier.' }).int({ error: 'L’année : un nombre entier.' }).min(2000, { error: 'L’année : de 2000 à 2100.' }).max(2100, { error: 'L’année : de 2000 à 2100.' })),
  title: fields.text('Le titre', 200),
  hostRegion: fields.text('La région hôte', 100),
  place: optionalText('Le lieu', 300),
  startsOn: fields.isoDate('Le premier jour'),
  endsOn: fields.isoDate('Le dernier jour'),
});
export const suSession = z.strictObject({
  kind: fields.choice('Type de séance', SESSION_LABELS),
  title: fields.text('Le titre', 200),
  startsAt: parisDateTime('Le début'),
  capacity: eventFields.capacity,
});
export const output = z.strictObject({ text: fields.text('La production écrite', 20_000) });
export const delegate = z.strictObject({
  member: fields.documentId('L’adhérent'),
  transportMode: fields.choice('Transport', TRANSPORT_LABELS),
  departure: fields.text('La ville de départ', 100),
  seats: strictInteger(z.number({ error: 'Places : un nombre entier.' }).int({ error: 'Places : un nombre entier.' }).min(0, { error: 'Places : de 0 à 100.' }).max(100, { error: 'Places : de 0 à 100.' })).optional(),
  lodging: fields.choice('Hébergement', LODGING_LABELS),
});
const noBody = z.strictObject({}, { error: 'Cette action ne prend aucune donnée.' });

/** Every route's input, by handler name. */
export const routeInput = {
  list: { query: listEvents },
  show: { params: id },
  create: { body: createEvent },
  update: { params: id, body: updateEvent },
  register: { params: id, body: noBody },
  unregister: { params: id, body: noBody },
  registrations: { params: id },
  checkIn: { params: id, body: checkIn },
  report: { params: id, body: report },
  consultations: { params: id },
  contribute: { params: id, body: contribution },
  feedback: { params: id, body: feedback },
  stats: { query: statsQuery },
  editions: {},
  createEdition: { body: edition },
  edition: { params: editionId },
  addSession: { params: editionId, body: suSession },
  attend: { params: sessionId, body: noBody },
  leave: { params: sessionId, body: noBody },
  output: { params: sessionId, body: output },
  delegate: { params: editionId, body: delegate },
  delegation: { params: editionId },
  delegationCsv: { params: editionId },
  publicList: { query: listPublic },
  publicShow: { params: id },
  publicCalendar: {},
  publicRegister: { params: id, body: publicRegistration },
  publicConfirm: { body: token },
  publicCancel: { body: token },
} satisfies Record<string, RouteInput>;
