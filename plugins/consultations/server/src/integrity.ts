import type { Core } from '@strapi/strapi';
import { ENTRY_WRITES, fieldError, getService, hasVisibleCharacter, updatedDocumentId, ValidationError, writtenDocumentId, type PluginServices } from '@intranet-militant/shared';
import type { Consultation } from './services/consultations';
import { calendarProblems, PHASES, workingPhasesOf } from './domain/phases';
import { CONSULTATION_UID } from './uids';

/** Settled when the consultation is published: its rules and its audience. */
const PUBLISHED_RULES = ['kind', 'audience', 'eligibilityCutoff', 'quorumPercent', 'majority', 'votePerSection', 'question', 'answerType', 'choices'];

/**
 * A consultation holds together whoever writes it (the API's commands or the admin
 * panel): a coherent calendar, a question for a quick one, rules that stop changing once
 * published, past phases that stay past, and a phase that only the plugin moves.
 */
export function registerIntegrity(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== CONSULTATION_UID || !ENTRY_WRITES.has(context.action)) return next();
    return strapi.db.transaction(async () => {
      const updated = updatedDocumentId(context);
      const consultations = getService(strapi, 'consultations', 'consultations');
      // Judged against the phase as it stands now, not as last stored: a write settles the clock first.
      const stored = updated ? await consultations.byDocumentId(updated) : null;
      const previous = stored ? await getService(strapi, 'consultations', 'clock').settle(stored) : null;
      const result = await next();
      const documentId = writtenDocumentId(context, result);
      const written = documentId ? await consultations.byDocumentId(documentId) : null;
      if (written) check(consultations, written, previous);
      return result;
    });
  });
}

function check(consultations: PluginServices['consultations']['consultations'], c: Consultation, previous: Consultation | null) {
  if (!previous && c.phase !== 'draft') throw fieldError('phase', 'Une consultation naît en brouillon.');
  if (previous && previous.phase !== c.phase) {
    throw fieldError('phase', 'La phase avance par « Passer à la phase suivante » ou à la date prévue, pas en la modifiant.');
  }
  const calendar = consultations.calendar(c);
  const problems = calendarProblems(calendar);
  if (c.kind === 'quick') {
    if (!hasVisibleCharacter(c.question ?? '')) problems.push({ path: 'question', message: 'Une question rapide a besoin de sa question.' });
    if (!c.answerType) problems.push({ path: 'answerType', message: 'Choisissez le type de réponse : graded ou choice.' });
    if (c.answerType === 'choice' && !(Array.isArray(c.choices) && c.choices.length >= 2 && c.choices.every((x: unknown) => typeof x === 'string' && hasVisibleCharacter(x)))) {
      problems.push({ path: 'choices', message: 'Proposez au moins deux choix (une liste de textes).' });
    }
  }
  if (c.categories != null && !(Array.isArray(c.categories) && c.categories.every((x: unknown) => typeof x === 'string'))) {
    problems.push({ path: 'categories', message: 'Les catégories sont une liste de textes.' });
  }
  if (previous && previous.phase !== 'draft') {
    for (const field of PUBLISHED_RULES) {
      if (JSON.stringify(previous[field] ?? null) !== JSON.stringify(c[field] ?? null)) {
        problems.push({ path: field, message: 'Ce réglage est publié : il ne change plus.' });
      }
    }
    if ((previous.federation?.id ?? null) !== (c.federation?.id ?? null) || (previous.section?.id ?? null) !== (c.section?.id ?? null)) {
      problems.push({ path: 'audience', message: 'Le périmètre est publié : il ne change plus.' });
    }
    const before = consultations.calendar(previous);
    const now = new Date().toISOString();
    const current = PHASES.indexOf(c.phase);
    const opened = current > PHASES.indexOf('upcoming');
    if (opened && before.opensAt !== calendar.opensAt) problems.push({ path: 'opensAt', message: 'La consultation est ouverte : son ouverture ne change plus.' });
    for (const phase of workingPhasesOf(c.kind)) {
      if (before.endsAt[phase] === calendar.endsAt[phase]) continue;
      if (PHASES.indexOf(phase) < current) problems.push({ path: `phases.${phase}.endsAt`, message: 'Cette phase est passée : sa date ne change plus.' });
      else if ((calendar.endsAt[phase] ?? '') <= now) problems.push({ path: `phases.${phase}.endsAt`, message: 'Une fin de phase se déplace vers l’avenir seulement.' });
    }
  }
  if (problems.length) {
    throw new ValidationError(problems[0].message, { errors: problems.map((p) => ({ path: p.path.split('.'), message: p.message, name: 'ValidationError' })) });
  }
}
