import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionLabel, isNamed, subjectLabel, subjectName } from '../server/src/domain/action-labels';

/** « Mes données » names what was done in French, never Strapi's internal names (issue 22). */
describe('actionLabel', () => {
  it('says what was done and on what', () => {
    expect(actionLabel('plugin::skills.directory.search')).toBe('Recherche — annuaire des compétences');
    expect(actionLabel('plugin::consultations.contribution.withdraw')).toBe('Retrait — contribution');
    expect(actionLabel('plugin::investitures.candidacy.pledge')).toBe('Signature — candidature');
    expect(actionLabel('plugin::membership.member.socio-professional-consent')).toBe('Accord sur la catégorie socioprofessionnelle — fiche d’adhérent');
  });

  it('names a content type written through the admin panel by its display name', () => {
    const names: Record<string, string> = { 'api::document.document': 'Document' };
    expect(actionLabel('api::document.document.update', (uid) => names[uid])).toBe('Modification — document');
  });

  it('keeps the stored name beside what it cannot name, so that nothing is hidden', () => {
    expect(actionLabel('plugin::skills.directory.teleport')).toBe('Annuaire des compétences (plugin::skills.directory.teleport)');
    expect(actionLabel('plugin::nowhere.thing.create')).toBe('Création (plugin::nowhere.thing.create)');
    expect(actionLabel('quelque chose')).toBe('quelque chose');
  });

  it('names a subject in French: its thing when named here, else its content type’s display name, else as stored', () => {
    const names: Record<string, string> = { 'api::document.document': 'Document', 'plugin::users-permissions.user': 'User', 'plugin::membership.member': 'Adhérent' };
    expect(subjectLabel('plugin::consultations.contribution')).toBe('Contribution');
    expect(subjectLabel('plugin::membership.member', (uid) => names[uid])).toBe('Fiche d’adhérent');
    expect(subjectLabel('plugin::users-permissions.user', (uid) => names[uid])).toBe('Compte');
    expect(subjectLabel('api::document.document', (uid) => names[uid])).toBe('Document');
    expect(subjectLabel('plugin::nowhere.thing')).toBe('plugin::nowhere.thing');
    // Things recorded by their table's name (not content types).
    expect(subjectLabel('skills_networks')).toBe('Réseau');
    expect(subjectLabel('skills_terms')).toBe('Vocabulaire des compétences');
    expect(subjectLabel('skills_censuses')).toBe('Recensement des compétences');
    // Strapi's own types, whose display names are English (« File », « Folder », « User »).
    const strapiNames: Record<string, string> = { 'plugin::upload.file': 'File', 'plugin::upload.folder': 'Folder', 'admin::user': 'User' };
    expect(subjectLabel('plugin::upload.file', (uid) => strapiNames[uid])).toBe('Fichier de la médiathèque');
    expect(subjectLabel('plugin::upload.folder', (uid) => strapiNames[uid])).toBe('Dossier de la médiathèque');
    expect(subjectLabel('admin::user', (uid) => strapiNames[uid])).toBe('Compte du panneau d’administration');
  });

  it('names the media library’s writes in French, never by Strapi’s English display name', () => {
    const strapiNames: Record<string, string> = { 'plugin::upload.file': 'File', 'plugin::upload.folder': 'Folder' };
    expect(actionLabel('plugin::upload.file.create', (uid) => strapiNames[uid])).toBe('Création — fichier de la médiathèque');
    expect(actionLabel('plugin::upload.folder.move', (uid) => strapiNames[uid])).toBe('Déplacement — dossier de la médiathèque');
    expect(actionLabel('admin::user.deactivate')).toBe('Désactivation — compte du panneau d’administration');
    expect(actionLabel('admin::user.reactivate')).toBe('Réactivation — compte du panneau d’administration');
    expect(subjectName('2', { file: { id: 2, name: 'affiche.pdf', owner: null }, via: 'admin-panel' })).toBe('« affiche.pdf »');
    expect(subjectName('7', { folder: { id: 7, name: 'Tracts', parent: null }, changes: {} })).toBe('« Tracts »');
  });

  it('names which subject from the entry’s own details, else by a short neutral reference, never a raw documentId', () => {
    expect(subjectName('q1e3tz7bbhy6qgvui7ari9fz', { title: 'Budget participatif 2027', consultation: 'q1e3tz7bbhy6qgvui7ari9fz' })).toBe('« Budget participatif 2027 »');
    expect(subjectName('sante-publique', { name: 'Santé publique', coordinators: 2 })).toBe('« Santé publique »');
    expect(subjectName('q1e3tz7bbhy6qgvui7ari9fz', { criterion: 'pledge' })).toBe('réf. q1e3tz');
    expect(subjectName('q1e3tz7bbhy6qgvui7ari9fz', { title: 's6i893rpx0elq1e3tz7bbhy6' })).toBe('réf. q1e3tz');
    expect(subjectName('12', {})).toBe('n° 12');
    expect(subjectName('sante-publique', null)).toBe('sante-publique');
    expect(subjectName(null, {})).toBeNull();
  });

  it('names every action the code records', () => {
    const root = path.resolve(__dirname, '../../..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (name === 'node_modules' || name === 'dist' || name === 'tests' || name === 'portal') continue;
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.ts')) files.push(full);
      }
    };
    walk(path.join(root, 'src'));
    for (const plugin of readdirSync(path.join(root, 'plugins'))) {
      const dir = path.join(root, 'plugins', plugin, 'server', 'src');
      try {
        walk(dir);
      } catch {
        // not a plugin folder
      }
    }
    const literal = new Set<string>();
    for (const file of files) {
      for (const [, action] of readFileSync(file, 'utf8').matchAll(/action: '(plugin::[a-z-]+\.[a-zA-Z-]+\.[a-zA-Z-]+|admin::user\.[a-zA-Z-]+)'/g)) literal.add(action!);
    }
    expect(literal.size).toBeGreaterThan(60);
    // Actions built from a verb (`plugin::events.event.${verb}`…), with the verbs their commands pass.
    const built = [
      ...['approve', 'correct', 'publish'].map((v) => `plugin::bodies.minutes.${v}`),
      ...['create', 'update', 'merge'].map((v) => `plugin::consultations.proposal.${v}`),
      ...['create', 'update', 'publish', 'cancel', 'report'].map((v) => `plugin::events.event.${v}`),
      ...['create', 'update', 'delegate', 'session', 'contribute', 'output'].map((v) => `plugin::events.summer-university.${v}`),
      ...['candidacy.apply', 'candidacy.check', 'candidacy.pledge', 'candidacy.withdraw', 'candidacy.mate-accept', 'candidacy.mate-decline', 'criteria.save', 'designation.create', 'designation.decide', 'pledge.publish', 'vote.close', 'vote.open'].map((v) => `plugin::investitures.${v}`),
      ...['consent', 'withdrawal'].map((v) => `plugin::membership.member.socio-professional-${v}`),
      ...['create', 'refer', 'identify', 'investigate', 'document', 'defence', 'hearing', 'decide', 'notify', 'appeal', 'national-decision', 'finalize', 'precautionary-suspension'].map((v) => `plugin::sanctions.case.${v}`),
      ...['create', 'update', 'delete'].map((v) => `plugin::membership.member.${v}`),
      // Built from a status, an account effect, a meeting's status, a switch, a review's decision, a media-library write.
      ...['reinstate', 'suspend', 'exclude', 'account-blocked', 'account-unblocked', 'sessions-revoked'].map((v) => `plugin::membership.member.${v}`),
      'admin::user.deactivate',
      ...['hold', 'cancel'].map((v) => `plugin::bodies.meeting.${v}`),
      ...['enable', 'disable'].map((v) => `plugin::modules.module.${v}`),
      ...['accept', 'refuse', 'merge'].map((v) => `plugin::skills.term.${v}`),
      ...['create', 'replace', 'update', 'move', 'delete'].map((v) => `plugin::upload.file.${v}`),
      ...['create', 'update', 'move', 'delete'].map((v) => `plugin::upload.folder.${v}`),
    ];
    const unnamed = [...literal, ...built].filter((action) => !isNamed(action));
    expect(unnamed).toEqual([]);
  });
});
