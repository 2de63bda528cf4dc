import type { Core } from '@strapi/strapi';
import { getService, type PersonalDataPart, type PersonalDataProvider, type PersonalDataSubject } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { KIND_LABELS, STATE_LABELS, type EventKind, type RegistrationState } from '../domain/events';
import { parisLocal } from '../domain/paris-time';
import { LODGING_LABELS, SESSION_LABELS, TRANSPORT_LABELS, type Lodging, type TransportMode } from '../domain/summer-university';
import type { RegistrationRow } from './store';
import { EVENT_UID, FEEDBACK_UID, REGISTRATION_UID, SU_ATTENDANCE_UID, SU_DELEGATE_UID, SU_EDITION_UID, SU_SESSION_UID } from '../uids';

/** « 2026-03-12 19:00 » (Paris) from an instant, or null. */
const paris = (instant: string | null | undefined) => (instant ? parisLocal(instant).replace('T', ' ') : null);

/**
 * « Événements »' part of « Mes données » (issue 22 item 3): the member's registrations
 * (by profile, and those made as a citizen under their account's email) with state, door
 * code and check-in, their feedback, their summer-university places and delegation lines.
 * Reads only; French labels.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const member = await getService(strapi, 'membership', 'directory').memberById(subject.memberId);
      const email = member?.user?.email?.toLowerCase() ?? null;
      const registrations = (await strapi.db.query(REGISTRATION_UID).findMany({
        where: email ? { $or: [{ memberId: subject.memberId }, { email }] } : { memberId: subject.memberId },
        orderBy: { id: 'asc' },
      })) as RegistrationRow[];
      const eventIds = [...new Set(registrations.map((r) => r.eventId))];
      const events = new Map<number, { title: string; kind: EventKind; startsAt: string }>();
      if (eventIds.length) for (const e of await strapi.db.query(EVENT_UID).findMany({ where: { id: { $in: eventIds } }, select: ['id', 'title', 'kind', 'startsAt'] })) events.set(e.id, e);
      const feedbacks: { registrationId: number; eventId: number; rating: number; comment: string | null; updatedAt: string }[] = registrations.length
        ? await strapi.db.query(FEEDBACK_UID).findMany({ where: { registrationId: { $in: registrations.map((r) => r.id) } } })
        : [];
      const eventLabel = (id: number) => {
        const e = events.get(id);
        return e ? `${KIND_LABELS[e.kind]} « ${e.title} » (${paris(e.startsAt)})` : null;
      };
      const places: { sessionId: number; state: string | null; createdAt: string }[] = await strapi.db.query(SU_ATTENDANCE_UID).findMany({ where: { memberId: subject.memberId } });
      const sessions = new Map<number, { title: string; kind: 'plenary' | 'workshop'; startsAt: string; editionId: number }>();
      if (places.length) for (const s of await strapi.db.query(SU_SESSION_UID).findMany({ where: { id: { $in: places.map((p) => p.sessionId) } } })) sessions.set(s.id, s);
      const lines: { editionId: number; transportMode: TransportMode; departure: string; seats: number; lodging: Lodging; updatedAt: string }[] = await strapi.db.query(SU_DELEGATE_UID).findMany({ where: { memberId: subject.memberId } });
      const editionIds = [...new Set([...lines.map((l) => l.editionId), ...[...sessions.values()].map((s) => s.editionId)])];
      const editions = new Map<number, { year: number; hostRegion: string }>();
      if (editionIds.length) for (const e of await strapi.db.query(SU_EDITION_UID).findMany({ where: { id: { $in: editionIds } }, select: ['id', 'year', 'hostRegion'] })) editions.set(e.id, e);
      const editionLabel = (id: number) => (editions.get(id) ? `${editions.get(id)!.year} (${editions.get(id)!.hostRegion})` : null);
      return {
        source: 'events',
        title: 'Événements',
        sections: [
          {
            title: 'Inscriptions aux événements',
            rows: registrations.map((r) => ({
              Événement: eventLabel(r.eventId),
              'Inscrit·e en tant que': r.memberId != null ? 'adhérent·e' : 'citoyen·ne (sans compte)',
              'Nom enregistré': r.name,
              'Adresse électronique enregistrée': r.email,
              État: STATE_LABELS[r.state as RegistrationState] ?? r.state,
              'Code d’accueil': r.checkInCode,
              'Émargé·e le': paris(r.checkedInAt),
              'Rappel envoyé le': paris(r.remindedAt),
              'Accepte d’être recontacté·e': Boolean(r.contactConsent),
              'Inscrit·e le': paris(r.createdAt),
            })),
          },
          {
            title: 'Avis donnés',
            rows: feedbacks.map((f) => ({ Événement: eventLabel(f.eventId), Note: f.rating, Commentaire: f.comment ?? null, 'Donné le': paris(f.updatedAt) })),
          },
          {
            title: 'Université d’été : séances et ateliers',
            rows: places.map((p) => {
              const s = sessions.get(p.sessionId);
              return {
                Édition: s ? editionLabel(s.editionId) : null,
                Séance: s?.title ?? null,
                Type: s ? SESSION_LABELS[s.kind] : null,
                Date: paris(s?.startsAt),
                État: p.state === 'waiting' ? 'sur liste d’attente' : 'inscrit·e',
                'Inscrit·e le': paris(p.createdAt),
              };
            }),
          },
          {
            title: 'Université d’été : délégations',
            rows: lines.map((l) => ({
              Édition: editionLabel(l.editionId),
              Transport: TRANSPORT_LABELS[l.transportMode] ?? l.transportMode,
              'Ville de départ': l.departure,
              Places: Number(l.seats ?? 0),
              Hébergement: LODGING_LABELS[l.lodging] ?? l.lodging,
              'Mis à jour le': paris(l.updatedAt),
            })),
            note: 'Les délégations sont tenues par les responsables de votre fédération.',
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
