import type { Core } from '@strapi/strapi';

/** The training plugin's settings (`config/plugins` or the environment: README « Configuration »). */
export interface TrainingSettings {
  /** No sponsor looks after more newcomers at once than this (`TRAINING_MAX_SPONSOR_LOAD`). */
  maxSponsorLoad: number;
  /** Days after a quiz's attempts are used up without a pass until a new round opens (`TRAINING_QUIZ_RETRY_DAYS`). */
  quizRetryDays: number;
}

const settingsOf = (strapi: Core.Strapi) => strapi.config.get<TrainingSettings>('plugin::training');

/** No sponsor looks after more newcomers at once than this (`TRAINING_MAX_SPONSOR_LOAD`). */
export function maxSponsorLoad(strapi: Core.Strapi): number {
  return Number(settingsOf(strapi).maxSponsorLoad);
}

/** Days (Paris) between a quiz's used-up round of attempts and the next (`TRAINING_QUIZ_RETRY_DAYS`, `quizRound`). */
export function quizRetryDays(strapi: Core.Strapi): number {
  return Number(settingsOf(strapi).quizRetryDays);
}
