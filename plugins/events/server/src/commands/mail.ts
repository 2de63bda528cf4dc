import type { Core } from '@strapi/strapi';
import { frenchDate, getService, parisDate, portalUrl, type PluginServices } from '@intranet-militant/shared';
import type {} from '@intranet-militant/notifications';
import type {} from '@intranet-militant/membership';
import { KIND_LABELS, theKind } from '../domain/events';
import { parisHour } from '../domain/paris-time';
import type { EventRow, RegistrationRow } from '../services/store';

/** « le café-débat « Titre » du 12 mars 2026 à 19 h 00 », « la réunion publique « … » … » (the kind's own article). */
export const eventPhrase = (e: Pick<EventRow, 'kind' | 'title' | 'startsAt'>) => `${theKind(e.kind)} « ${e.title} » du ${frenchDate(parisDate(e.startsAt))} à ${parisHour(e.startsAt)}`;
const where = (e: EventRow) => (e.address ? `Lieu : ${e.address}.${e.accessibility ? ` Accessibilité : ${e.accessibility}` : ''}` : `En ligne : ${e.onlineUrl}`);

type Mailer = PluginServices['notifications']['mailer'];
type Letter = ReturnType<Mailer['letter']>;
type Block = Parameters<Mailer['letter']>[2][number];

/** The notifications plugin's house-style letter, greeting the registrant by name. */
const compose = (strapi: Core.Strapi, subject: string, name: string | null, blocks: Block[]): Letter =>
  getService(strapi, 'notifications', 'mailer').letter(subject, { firstName: name }, blocks);

/** Sends a letter; a failure is logged, never thrown (the registration stands; the person can ask again). */
export async function sendLetter(strapi: Core.Strapi, to: string, letter: Letter): Promise<void> {
  try {
    await getService(strapi, 'notifications', 'mailer').send(to, letter);
  } catch (error) {
    strapi.log.warn(`events: email to a registrant not sent (${(error as Error).message})`);
  }
}

const publicLink = (strapi: Core.Strapi, page: 'confirmer' | 'annuler', token: string) => `${portalUrl(strapi)}/evenements-publics/${page}?token=${token}`;

/** A citizen's confirmation request: the confirm and cancel links. */
export function confirmationLetter(strapi: Core.Strapi, e: EventRow, r: Pick<RegistrationRow, 'name'>, token: string, hours: number): Letter {
  return compose(strapi, `Confirmez votre inscription : ${e.title}`, r.name, [
    { paragraph: `Vous avez demandé à vous inscrire pour ${eventPhrase(e)}. Votre inscription ne compte qu’une fois confirmée, dans les ${hours} heures.` },
    { link: publicLink(strapi, 'confirmer', token), label: 'Confirmer mon inscription' },
    { paragraph: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne sera enregistré.' },
    { link: publicLink(strapi, 'annuler', token), label: 'Annuler ma demande' },
  ]);
}

/** Registered (or on the waiting list): the check-in code and the cancel link (citizens). */
export function registeredLetter(strapi: Core.Strapi, e: EventRow, r: Pick<RegistrationRow, 'name' | 'state' | 'checkInCode'>, token: string | null): Letter {
  const seat =
    r.state === 'confirmed'
      ? `Votre inscription pour ${eventPhrase(e)} est confirmée. Votre code d’accueil : ${r.checkInCode}.`
      : `L’événement est complet : vous êtes sur la liste d’attente pour ${eventPhrase(e)}. Nous vous écrirons si une place se libère.`;
  return compose(strapi, r.state === 'confirmed' ? `Inscription confirmée : ${e.title}` : `Liste d’attente : ${e.title}`, r.name, [
    { paragraph: seat },
    { paragraph: where(e) },
    ...(token ? [{ link: publicLink(strapi, 'annuler', token), label: 'Annuler mon inscription' }] : [{ link: `${portalUrl(strapi)}/evenements/${e.documentId}`, label: 'Voir l’événement' }]),
  ]);
}

/** A seat freed: promoted from the waiting list. */
export function promotedLetter(strapi: Core.Strapi, e: EventRow, r: Pick<RegistrationRow, 'name' | 'checkInCode'>): Letter {
  return compose(strapi, `Une place s’est libérée : ${e.title}`, r.name, [
    { paragraph: `Une place s’est libérée : vous êtes inscrit·e pour ${eventPhrase(e)}. Votre code d’accueil : ${r.checkInCode}.` },
    { paragraph: where(e) },
    { paragraph: 'Si vous ne pouvez plus venir, annulez pour laisser la place à une autre personne.' },
  ]);
}

/** The day before (citizens; members get the `events.reminder` notification). */
export function reminderLetter(strapi: Core.Strapi, e: EventRow, r: Pick<RegistrationRow, 'name' | 'checkInCode'>): Letter {
  return compose(strapi, `Demain : ${e.title}`, r.name, [
    { paragraph: `Nous vous attendons demain pour ${eventPhrase(e)}. Votre code d’accueil : ${r.checkInCode}.` },
    { paragraph: where(e) },
  ]);
}

/** A place freed in a summer-university session: promoted from its waiting list. */
export function sessionPromotedLetter(strapi: Core.Strapi, session: { title: string; startsAt: string; kind: 'plenary' | 'workshop' }, name: string | null): Letter {
  return compose(strapi, `Une place s’est libérée : ${session.title}`, name, [
    { paragraph: `Une place s’est libérée : vous êtes inscrit·e ${session.kind === 'workshop' ? 'à l’atelier' : 'à la séance'} « ${session.title} » de l’université d’été, le ${frenchDate(parisDate(session.startsAt))} à ${parisHour(session.startsAt)}.` },
    { paragraph: 'Si vous ne pouvez plus y participer, annulez votre inscription pour laisser la place à une autre personne.' },
    { link: `${portalUrl(strapi)}/evenements/universite-ete`, label: 'Voir le programme' },
  ]);
}

/** The event is cancelled (citizens; members get the `events.cancelled` notification). */
export function cancelledLetter(strapi: Core.Strapi, e: EventRow, r: Pick<RegistrationRow, 'name'>): Letter {
  return compose(strapi, `Annulé : ${e.title}`, r.name, [
    { paragraph: `Événement annulé par ses organisateurs : ${KIND_LABELS[e.kind]} « ${e.title} », le ${frenchDate(parisDate(e.startsAt))} à ${parisHour(e.startsAt)}. Nous en sommes désolés.` },
    { paragraph: 'Votre inscription n’a plus d’objet : vous n’avez rien à faire. Vos coordonnées ne servent plus qu’aux statistiques de l’événement et seront effacées comme prévu.' },
  ]);
}
