import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { getService, type Actor } from '@intranet-militant/shared';
import * as events from '../commands/events';
import * as registrations from '../commands/registrations';
import * as su from '../commands/summer-university';
import { parisLocal } from '../domain/paris-time';
import { EVENT_UID, REGISTRATION_UID, SU_EDITION_UID } from '../uids';

export interface EventsDemoPeople {
  /** The Gard's staff, Nîmes's secretary, a national admin (users). */
  staffUserId: number;
  secretaryUserId: number;
  nationalUserId: number;
  /** Members of the Gard who register (users). */
  memberUserIds: number[];
  /** Sections of the Gard (documentIds): Nîmes (the secretary's) and another one (Alès). */
  nimes: string;
  other: string;
}

const DAY = 86_400_000;
const at = (days: number, hour: number) => {
  const local = parisLocal(new Date(Date.now() + days * DAY));
  return `${local.slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
};

/**
 * The demo's events, made through the commands; a past event is announced, registered and
 * then moved back in time (the demo only), checked in and reported. Two past and one
 * upcoming café-débat in Gard sections (the upcoming one open to the public, with citizens),
 * a federation debate with a researcher, the summer university (an edition with its past hosts,
 * sessions and workshops, the Gard delegation's transport and lodging).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seed(people: EventsDemoPeople): Promise<void> {
    const actors = getService(strapi, 'membership', 'actors');
    const staff: Actor = await actors.forUserId(people.staffUserId);
    const secretary: Actor = await actors.forUserId(people.secretaryUserId);
    const national: Actor = await actors.forUserId(people.nationalUserId);
    const members: Actor[] = await Promise.all(people.memberUserIds.map((id) => actors.forUserId(id)));
    const citizen = async (documentId: string, name: string, email: string, checkedIn: boolean) => {
      await registrations.registerCitizen(strapi, documentId, { name, email, contactConsent: true });
      const event = await strapi.db.query(EVENT_UID).findOne({ where: { documentId } });
      await strapi.db.query(REGISTRATION_UID).updateMany({ where: { eventId: event.id, email }, data: { state: 'confirmed', checkInCode: `C${Math.random().toString(36).slice(2, 7).toUpperCase()}`, checkedInAt: checkedIn ? new Date() : null } });
    };
    const pastCafe = async (by: Actor, daysAgo: number, section: string, title: string, theme: string, proposals: string[]) => {
      const e = await events.createEvent(strapi, by, {
        kind: 'cafe-debat', title, theme, startsAt: at(1, 19), endsAt: at(1, 21), address: 'Café de la place, centre-ville', accessibility: 'Salle de plain-pied, accessible en fauteuil.',
        organiser: 'section', section, capacity: 30, audience: 'public', description: 'Un café-débat ouvert à toutes et à tous.',
      });
      for (const m of members) await registrations.registerMember(strapi, m, e.documentId);
      await citizen(e.documentId, 'Léa Martin', `lea.martin.${daysAgo}@public.example`, true);
      await strapi.db.query(EVENT_UID).update({ where: { id: e.id }, data: { startsAt: new Date(Date.now() - daysAgo * DAY), endsAt: new Date(Date.now() - daysAgo * DAY + 2 * 3_600_000) } });
      const regs = await strapi.db.query(REGISTRATION_UID).findMany({ where: { eventId: e.id, state: 'confirmed', memberId: { $notNull: true } } });
      for (const r of regs.slice(0, 2)) await registrations.checkIn(strapi, by, e.documentId, { registration: r.documentId });
      await events.writeReport(strapi, by, e.documentId, { themes: [theme], proposals, summary: 'Échanges nourris entre adhérents et habitants du quartier.' });
    };
    await pastCafe(secretary, 40, people.nimes, 'Quels transports pour Nîmes ?', 'Mobilités', ['Une ligne de bus de nuit le week-end', 'Des abris vélos sécurisés près des gares']);
    await pastCafe(staff, 12, people.other, 'Le logement des jeunes', 'Logement', ['Un guichet unique du logement étudiant']);
    const upcoming = await events.createEvent(strapi, secretary, {
      kind: 'cafe-debat', title: 'L’eau, un bien commun', theme: 'Eau et sécheresse', startsAt: at(10, 19), endsAt: at(10, 21),
      address: 'Bar Le Prolé, 20 rue Jean Reboul, Nîmes', accessibility: 'Une marche à l’entrée ; rampe sur demande.', organiser: 'section', section: people.nimes,
      capacity: 25, audience: 'public', description: 'Café-débat ouvert au public : venez avec vos questions.',
    });
    for (const m of members.slice(0, 2)) await registrations.registerMember(strapi, m, upcoming.documentId);
    await citizen(upcoming.documentId, 'Karim Benali', 'karim.benali@public.example', false);
    await events.createEvent(strapi, secretary, {
      kind: 'cafe-debat', title: 'Réunion d’adhérents : préparer la rentrée', startsAt: at(20, 18), address: 'Local de la section, Nîmes', organiser: 'section', section: people.nimes, audience: 'members',
    });
    await events.createEvent(strapi, staff, {
      kind: 'debat', title: 'Débat fédéral : le travail demain', theme: 'Travail et numérique', startsAt: at(25, 20), endsAt: at(25, 22),
      address: 'Maison du peuple, Alès', accessibility: 'Accessible en fauteuil ; boucle magnétique.', organiser: 'federation', capacity: 120, audience: 'public',
      speakers: [{ name: 'Dr Hélène Vidal', title: 'chercheuse en sociologie du travail (CNRS)' }],
      description: 'Débat avec une chercheuse, ouvert à toutes et à tous.',
    });
    await events.createEvent(strapi, national, {
      kind: 'universite-ete', title: 'Université d’été', theme: 'Ateliers thématiques', startsAt: at(200, 9), endsAt: at(203, 17),
      address: 'Campus universitaire, Montpellier', accessibility: 'Hébergement et salles accessibles.', organiser: 'national', capacity: 800, audience: 'members',
      description: 'Ateliers qui produisent des contributions écrites. Hôte : Occitanie.',
    });
    // The summer university's own model: past hosts (the rotation), this year's edition, its
    // sessions and workshops, the Gard delegation's transport and lodging.
    const startsOn = at(200, 9).slice(0, 10);
    const endsOn = at(203, 9).slice(0, 10);
    const year = Number(startsOn.slice(0, 4));
    const hosts = ['Bretagne', 'Grand Est', 'Nouvelle-Aquitaine'];
    for (const [i, hostRegion] of hosts.entries()) {
      const past = year - 1 - i;
      // Past editions are history (the demo only writes them directly).
      await strapi.db.query(SU_EDITION_UID).create({ data: { year: past, title: `Université d’été ${past}`, hostRegion, startsOn: `${past}-08-24`, endsOn: `${past}-08-27`, datesPublishedOn: `${past - 1}-12-15` } });
    }
    const edition = await su.createEdition(strapi, national, { year, title: `Université d’été ${year}`, hostRegion: 'Occitanie', place: 'Campus universitaire, Montpellier', startsOn, endsOn });
    await su.addSession(strapi, national, edition.documentId, { kind: 'plenary', title: 'Ouverture : le monde du travail qui vient', startsAt: `${startsOn}T10:00`, capacity: null });
    const workshops = [
      ['Atelier : rédiger notre programme pour l’eau', 30],
      ['Atelier : militer dans les quartiers populaires', 25],
      ['Atelier : former les nouveaux adhérents', 20],
    ] as const;
    for (const [title, capacity] of workshops) await su.addSession(strapi, national, edition.documentId, { kind: 'workshop', title, startsAt: `${startsOn}T14:30`, capacity });
    const shown = await strapi.db.query('plugin::events.su-session').findMany({ where: { editionId: edition.id, kind: 'workshop' } });
    for (const m of members) await su.attendSession(strapi, m, shown[0].documentId);
    const travel = [
      { transportMode: 'car', departure: 'Nîmes', seats: 4, lodging: 'shared' },
      { transportMode: 'train', departure: 'Alès', seats: 0, lodging: 'single' },
      { transportMode: 'car', departure: 'Nîmes', seats: 0, lodging: 'accessible' },
    ] as const;
    for (const [i, m] of [staff, ...members].slice(0, travel.length).entries()) {
      if (m.memberDocumentId) await su.setDelegate(strapi, staff, edition.documentId, { member: m.memberDocumentId, ...travel[i] });
    }
  },
});
