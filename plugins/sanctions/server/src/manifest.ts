import { defineManifest, frenchDate, type SearchableType } from '@intranet-militant/shared';
import { LEVEL_LABELS, type Level } from './domain/scale';
import { sanctionsNotifications } from './notifications';
import { sanctionsPermissions } from './permissions';
import { CASE_UID } from './uids';

/** Published decisions (final sanctions) are found by every member; nothing else of a case is indexed. */
const decisions: SearchableType = {
  type: 'sanction',
  label: 'Décisions de la commission des conflits',
  uid: CASE_UID,
  // 2: the decision's date in words (« le 3 décembre 2026 »), as members read it.
  version: 2,
  toDocument: (c: any) => {
    if (c.state !== 'final' || !c.finalLevel) return null;
    const level = LEVEL_LABELS[c.finalLevel as Level];
    const what = `${level}${c.finalMonths ? ` de ${c.finalMonths} mois` : ''}`;
    const summary = (c.nationalDecision ?? c.decision)?.summary ?? '';
    return {
      id: `sanction:${c.documentId}`,
      type: 'sanction',
      title: `${c.federationLabel ?? 'Fédération'} — ${c.categoryLabel} : ${what}${c.publishedNamed && c.publishedName ? ` (${c.publishedName})` : ''}`,
      body: [summary, `${c.article}. Décision définitive${c.finalOn ? ` le ${frenchDate(c.finalOn)}` : ''}, affaire ${c.reference}.`].join('\n'),
      date: c.finalOn,
      facets: { level: c.finalLevel, category: c.categoryKey },
      link: `/commission/decisions?reference=${encodeURIComponent(c.reference)}`,
      visibility: { audience: 'national' },
    };
  },
};

export const sanctionsModule = defineManifest({
  id: 'sanctions',
  label: 'Commission des conflits',
  description: 'Commission des conflits : barème national des sanctions, saisines et signalements confidentiels, procédure contradictoire, décisions publiées et tableau d’uniformité.',
  defaultEnabled: true,
  permissions: sanctionsPermissions.table,
  searchable: [decisions],
  notifications: sanctionsNotifications,
});
