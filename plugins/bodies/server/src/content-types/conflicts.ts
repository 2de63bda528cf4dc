import { uniqueConflicts } from '@intranet-militant/shared';
import contentTypes from './index';

/** Two new versions of the same minutes at once: the second is refused. */
export const minutesConflicts = uniqueConflicts(contentTypes.minutes.schema, {
  bodies_minutes_version_uq: 'Une autre version de ce procès-verbal vient d’être créée : rechargez la page.',
});
