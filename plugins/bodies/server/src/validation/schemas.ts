import { z } from 'zod';
import { fields, hasVisibleCharacter, strictInteger, todayInParis, type RouteInput } from '@intranet-militant/shared';
import { hasPlaceOrLink, NO_PLACE_NOR_LINK } from '../domain/meeting-place';
import { BODY_KIND_LABELS, DESIGNATION_LABELS, LEVEL_LABELS, PRESENCE_LABELS, SEAT_ROLE_LABELS } from '../domain/vocabulary';

const count = (label: string, min: number, max: number) =>
  strictInteger(z.number({ error: `${label} : un nombre entier.` }).int({ error: `${label} : un nombre entier.` }).min(min, { error: `${label} : de ${min} à ${max}.` }).max(max, { error: `${label} : de ${min} à ${max}.` }));

const optionalText = (label: string, max: number) =>
  z.string({ error: `${label} : du texte.` }).trim().max(max, { error: `${label} : ${max} caractères au plus.` });

const id = (label: string) => z.strictObject({ id: fields.documentId(label) });

/** A meeting's place as stored: null when it shows nothing (« », spaces, zero-width characters alone). */
const meetingPlace = optionalText('Lieu', 300).transform((value) => (hasVisibleCharacter(value) ? value : null));

export const bodyInput = z.strictObject({
  name: fields.text('Le nom', 200),
  level: fields.choice('Niveau', LEVEL_LABELS),
  kind: fields.choice('Type', BODY_KIND_LABELS),
  federation: fields.documentId('La fédération').optional(),
  section: fields.documentId('La section').optional(),
  seatCount: count('Nombre de sièges', 1, 1000),
  parityRequired: z.boolean({ error: 'Parité requise : vrai ou faux.' }).default(false),
  secretariat: fields.documentId('Le ou la secrétaire').nullable().optional(),
  absenceAlertAfter: count('Absences de suite avant alerte', 1, 50).default(3),
});
export type BodyInput = z.output<typeof bodyInput>;

export const bodyUpdate = z.strictObject({
  name: fields.text('Le nom', 200).optional(),
  kind: fields.choice('Type', BODY_KIND_LABELS).optional(),
  seatCount: count('Nombre de sièges', 1, 1000).optional(),
  parityRequired: z.boolean({ error: 'Parité requise : vrai ou faux.' }).optional(),
  secretariat: fields.documentId('Le ou la secrétaire').nullable().optional(),
  absenceAlertAfter: count('Absences de suite avant alerte', 1, 50).optional(),
});
export type BodyUpdate = z.output<typeof bodyUpdate>;

export const seatInput = z
  .strictObject({
    member: fields.documentId('L’adhérent'),
    role: fields.choice('Rôle', SEAT_ROLE_LABELS),
    designation: fields.choice('Mode de désignation', DESIGNATION_LABELS),
    startOn: fields.isoDate('Début'),
    endOn: fields.isoDate('Fin').nullable().optional(),
  })
  .refine((s) => !s.endOn || s.endOn > s.startOn, { error: 'La fin (exclue) vient après le début.', path: ['endOn'] });
export type SeatInput = z.output<typeof seatInput>;

export const seatEnd = z.strictObject({
  endOn: fields.isoDate('Fin'),
  reason: optionalText('Motif', 500).optional(),
});

const agendaItem = z.strictObject({ title: fields.text('Point de l’ordre du jour', 300) });

const httpsLink = z
  .string({ error: 'Lien de visioconférence : une adresse https.' })
  .trim()
  .max(500, { error: 'Lien de visioconférence : 500 caractères au plus.' })
  .regex(/^https:\/\/[^\s]+$/, { error: 'Lien de visioconférence : une adresse https.' });

const startsAt = z.iso.datetime({ offset: true, error: 'Date et heure attendues au format ISO (2026-03-01T18:30:00+01:00).' });

export const meetingInput = z
  .strictObject({
    startsAt,
    durationMinutes: count('Durée (minutes)', 15, 1440).default(120),
    place: meetingPlace.optional(),
    remoteLink: httpsLink.optional(),
    agenda: z.array(agendaItem, { error: 'L’ordre du jour est une liste de points.' }).max(50, { error: '50 points au plus.' }).default([]),
  })
  // A place of zero-width or filler characters says none: as missing as « ».
  .refine(hasPlaceOrLink, { error: NO_PLACE_NOR_LINK, path: ['place'] });
export type MeetingInput = z.output<typeof meetingInput>;

export const meetingUpdate = z.strictObject({
  startsAt: startsAt.optional(),
  durationMinutes: count('Durée (minutes)', 15, 1440).optional(),
  place: meetingPlace.nullable().optional(),
  remoteLink: httpsLink.nullable().optional(),
  agenda: z.array(agendaItem, { error: 'L’ordre du jour est une liste de points.' }).max(50, { error: '50 points au plus.' }).optional(),
});
export type MeetingUpdate = z.output<typeof meetingUpdate>;

export const meetingStatus = z.strictObject({ status: z.enum(['held', 'cancelled'], { error: 'Statut : held (tenue) ou cancelled (annulée).' }) });

export const attendanceInput = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        seat: fields.documentId('Le siège'),
        presence: fields.choice('Présence', PRESENCE_LABELS).nullable(),
        arrivedLate: z.boolean({ error: 'Arrivé·e en retard : vrai ou faux.' }).default(false),
        leftEarly: z.boolean({ error: 'Parti·e avant la fin : vrai ou faux.' }).default(false),
        substituteFor: fields.documentId('Le siège remplacé').nullable().optional(),
      }),
      { error: 'Lignes de la feuille de présence attendues.' }
    )
    .min(1, { error: 'Au moins une ligne.' })
    .max(500, { error: '500 lignes au plus.' }),
});
export type AttendanceInput = z.output<typeof attendanceInput>;

const votes = (label: string) => count(label, 0, 100000).default(0);
const decision = z.strictObject({
  text: fields.text('La décision', 2000),
  votesFor: votes('Voix pour'),
  votesAgainst: votes('Voix contre'),
  abstentions: votes('Abstentions'),
});
const minutesItem = z.strictObject({
  title: fields.text('Le sujet', 300),
  discussion: optionalText('Les débats', 10000).default(''),
  confidential: z.boolean({ error: 'Confidentiel : vrai ou faux.' }).default(false),
  decisions: z.array(decision, { error: 'Les décisions sont une liste.' }).max(50).default([]),
});
export const minutesInput = z.strictObject({
  summary: optionalText('Le résumé des débats', 20000).default(''),
  items: z.array(minutesItem, { error: 'Les sujets sont une liste.' }).max(100, { error: '100 sujets au plus.' }).default([]),
});
export type MinutesInput = z.output<typeof minutesInput>;
export type MinutesItem = z.output<typeof minutesItem>;

export const approveInput = z.strictObject({ atMeeting: fields.documentId('La réunion d’approbation') });

const windowQuery = {
  from: fields.isoDate('Du').optional(),
  to: fields.isoDate('Au').optional(),
};
export const indicatorQuery = z.strictObject(windowQuery).refine((q) => !q.from || !q.to || q.from < q.to, { error: 'La fin de la période vient après son début.', path: ['to'] });

/** `?year=YYYY` of the activity report: from 2000 to the current Paris year. */
export const reportQuery = z.strictObject({
  year: strictInteger(
    z
      .number({ error: 'L’année est obligatoire (AAAA).' })
      .int({ error: 'L’année est un nombre entier (AAAA).' })
      .min(2000, { error: 'L’année va de 2000 à l’année en cours.' })
      .refine((y) => y <= Number(todayInParis().slice(0, 4)), { error: 'L’année va de 2000 à l’année en cours.' })
  ),
});

/** Writes that take nothing but their address: an empty object, anything else refused. */
const noBody = z.strictObject({}, { error: 'Aucune donnée attendue.' });

/** Every route's input (params, query, body), by controller action. */
/** A skill of the skills plugin's vocabulary (its slug) and how many suggestions. */
export const skillSuggestionsInput = z.strictObject({
  skill: z.string({ error: 'Compétence : identifiant attendu.' }).regex(/^[a-z0-9][a-z0-9-]{0,79}$/, { error: 'Compétence : identifiant invalide.' }),
  limit: count('Nombre de suggestions', 1, 20).default(5),
});
export type SkillSuggestionsInput = z.output<typeof skillSuggestionsInput>;

export const routeInput = {
  bodies: { query: z.strictObject({ ...fields.pagination(50), level: fields.choice('Niveau', LEVEL_LABELS).optional() }) },
  body: { params: id('L’instance') },
  createBody: { body: bodyInput },
  updateBody: { params: id('L’instance'), body: bodyUpdate },
  designate: { params: id('L’instance'), body: seatInput },
  endSeat: { params: id('Le siège'), body: seatEnd },
  meetings: { params: id('L’instance') },
  createMeeting: { params: id('L’instance'), body: meetingInput },
  meeting: { params: id('La réunion') },
  updateMeeting: { params: id('La réunion'), body: meetingUpdate },
  setMeetingStatus: { params: id('La réunion'), body: meetingStatus },
  meetingIcs: { params: id('La réunion') },
  markAttendance: { params: id('La réunion'), body: attendanceInput },
  minutes: { params: id('La réunion') },
  saveMinutes: { params: id('La réunion'), body: minutesInput },
  approveMinutes: { params: id('Le procès-verbal'), body: approveInput },
  publishMinutes: { params: id('Le procès-verbal'), body: noBody },
  correctMinutes: { params: id('Le procès-verbal'), body: noBody },
  bodyIndicators: { params: id('L’instance'), query: indicatorQuery },
  federationIndicators: { params: id('La fédération'), query: indicatorQuery },
  myIndicators: { query: indicatorQuery },
  report: { params: id('L’instance'), query: reportQuery },
  reportCsv: { params: id('L’instance'), query: reportQuery },
  reportPdf: { params: id('L’instance'), query: reportQuery },
  composition: { params: id('L’instance') },
  skillSuggestions: { params: id('L’instance'), body: skillSuggestionsInput },
  mine: {},
} satisfies Record<string, RouteInput>;
