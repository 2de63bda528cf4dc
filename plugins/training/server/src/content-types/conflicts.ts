import { uniqueConflicts } from '@intranet-militant/shared';
import contentTypes from './index';

/**
 * The 409s of training's content types, one per unique index of their schemas (table and
 * columns read from the schema). Commands rethrow or test write errors with these.
 */
export const enrolmentConflicts = uniqueConflicts(contentTypes.enrolment.schema, {
  training_enrolments_key_uq: 'Vous êtes déjà inscrit·e à cette formation.',
});

/** A lesson is done once: a second time is not an error (the caller ignores it). */
export const progressConflicts = uniqueConflicts(contentTypes.progress.schema, {
  training_progress_key_uq: 'Cette leçon est déjà marquée comme faite.',
});

export const attemptConflicts = uniqueConflicts(contentTypes['quiz-attempt'].schema, {
  training_attempts_key_uq: 'Un autre essai vient d’être enregistré : rechargez le quiz.',
});

export const ratingConflicts = uniqueConflicts(contentTypes.rating.schema, {
  training_ratings_key_uq: 'Votre avis vient d’être enregistré par une autre requête : rechargez la page.',
});

export const sponsorshipConflicts = uniqueConflicts(contentTypes.sponsorship.schema, {
  training_sponsorships_running_uq: 'Cet adhérent a déjà un parrain ou une marraine : mettez d’abord fin à ce parrainage.',
});
