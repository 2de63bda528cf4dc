import { rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/bodies';
import type {} from '@intranet-militant/mandates';
import type {} from '@intranet-militant/skills';
import type {} from '@intranet-militant/consultations';
import type {} from '@intranet-militant/modules';
import type {} from '@intranet-militant/sanctions';
import type {} from '@intranet-militant/events';
import type {} from '@intranet-militant/investitures';
import { getService, recordAudit, SYSTEM_ACTOR, todayInParis, yearOf } from '@intranet-militant/shared';
import { paragraphs } from '../content/blocks';
import { ARTICLE_UID, CATEGORY_UID, DOCUMENT_UID } from '../content/manifests';
import { buildAccount, buildFederation, buildMember, buildSection } from './builders';
import { seedSponsorship, seedTrainingCourses, seedWelcome } from './training-demo';

/**
 * Demo data for a fresh development database: the Gard federation, its sections, one
 * account per role, members with and without paid dues, documents and news. Never in
 * production; only when the database has no federation yet.
 */

export interface DemoAccount {
  email: string;
  role: string;
  who: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'adherent@gard.example', role: 'member', who: 'Adhérente de Nîmes, à jour de cotisation' },
  { email: 'adherent.impaye@gard.example', role: 'member', who: 'Adhérent d’Alès, cotisation de l’année non réglée' },
  { email: 'nouvelle.adherente@gard.example', role: 'member', who: 'Adhérente récente (après la date limite du 1er mars), au parcours d’accueil, marrainée par Camille Roux' },
  { email: 'secretaire.nimes@gard.example', role: 'section-secretary', who: 'Secrétaire de la section de Nîmes' },
  { email: 'equipe@gard.example', role: 'federation-staff', who: 'Équipe fédérale du Gard (aussi dans le panneau d’administration)' },
  { email: 'elu@gard.example', role: 'elected-official', who: 'Élu, section d’Uzès' },
  { email: 'tresoriere@gard.example', role: 'member', who: 'Trésorière du bureau fédéral du Gard, élue (trois mandats locaux)' },
  { email: 'commission@gard.example', role: 'conflicts-commission', who: 'Commission des conflits du Gard (sans siège au bureau : elle en est indépendante)' },
  { email: 'commission.nationale@national.example', role: 'conflicts-commission', who: 'Commission nationale des conflits (sans fédération : appels, toutes les fédérations)' },
  { email: 'mis.en.cause7@gard.example', role: 'member', who: 'Adhérent sanctionné en première instance, en appel (sa procédure : « Commission des conflits »)' },
  { email: 'national@gard.example', role: 'national-admin', who: 'Administration nationale (aussi super-admin du panneau)' },
  { email: 'adherent@herault.example', role: 'member', who: 'Adhérente de l’Hérault (autre fédération)' },
  { email: 'equipe@herault.example', role: 'federation-staff', who: 'Équipe fédérale de l’Hérault (aussi dans le panneau d’administration ; ne voit que l’Hérault)' },
];

/** The skills directory's demo: 40 Gard profiles, the named accounts' first (issue 18 § 8). */
const DIRECTORY_DEMO_PROFILES = 40;
const DIRECTORY_DEMO_ACCOUNTS = DEMO_ACCOUNTS.filter(
  (a) => a.email.endsWith('@gard.example') && a.role !== 'national-admin' && !a.email.startsWith('suspendu') && !a.email.startsWith('mis.en.cause'),
);

/** The numbered member accounts the modules' demos create (printed after DEMO_ACCOUNTS). */
export const DEMO_MEMBER_SERIES: { prefix: string; count: number; who: string }[] = [
  { prefix: 'competences.', count: DIRECTORY_DEMO_PROFILES - DIRECTORY_DEMO_ACCOUNTS.length, who: 'Profils de l’annuaire des compétences (30-00100…)' },
  { prefix: 'mis.en.cause', count: 9, who: 'Personnes mises en cause devant la commission des conflits (30-00200…)' },
  { prefix: 'candidat', count: 12, who: 'Candidates et candidats aux investitures de Nîmes (30-00300…)' },
];

/** Every address the console lists (named accounts and numbered series), for the seed's test. */
export function printedDemoEmails(): string[] {
  return [
    ...DEMO_ACCOUNTS.map((a) => a.email),
    ...DEMO_MEMBER_SERIES.flatMap((s) => Array.from({ length: s.count }, (_, i) => `${s.prefix}${i + 1}@gard.example`)),
  ];
}

export function mayShowDemo(strapi: Core.Strapi): boolean {
  return (
    process.env.NODE_ENV !== 'production' &&
    strapi.config.get('environment') === 'development' &&
    process.env.SEED_DEMO !== 'false' &&
    Boolean(process.env.DEMO_PASSWORD)
  );
}

export async function seedDemo(strapi: Core.Strapi): Promise<boolean> {
  if (!mayShowDemo(strapi)) return false;
  if ((await strapi.db.query('plugin::membership.federation').count()) > 0) return false;
  const password = process.env.DEMO_PASSWORD!;
  const year = yearOf(todayInParis());

  await strapi.db.transaction(async () => {
    const gard = await buildFederation(strapi, { name: 'Gard', departmentCode: '30' });
    const herault = await buildFederation(strapi, { name: 'Hérault', departmentCode: '34' });
    const [nimes, ales, uzes] = [
      await buildSection(strapi, gard, 'Nîmes'),
      await buildSection(strapi, gard, 'Alès'),
      await buildSection(strapi, gard, 'Uzès'),
      await buildSection(strapi, gard, 'Le Vigan'),
    ];
    const montpellier = await buildSection(strapi, herault, 'Montpellier');

    const people = [
      { email: 'adherent@gard.example', firstName: 'Camille', lastName: 'Roux', section: nimes, sex: 'F' as const, birthYear: year - 52, paidYears: [year - 1, year] },
      { email: 'adherent.impaye@gard.example', firstName: 'Julien', lastName: 'Martin', section: ales, sex: 'M' as const, birthYear: year - 58, paidYears: [year - 1] },
      { email: 'nouvelle.adherente@gard.example', firstName: 'Inès', lastName: 'Benali', section: nimes, sex: 'F' as const, birthYear: year - 25, joinedOn: recentJoin(year), paidYears: [year] },
      { email: 'secretaire.nimes@gard.example', firstName: 'Marc', lastName: 'Fabre', section: nimes, sex: 'M' as const, birthYear: year - 51, role: 'section-secretary' as const, paidYears: [year] },
      { email: 'equipe@gard.example', firstName: 'Sophie', lastName: 'Bonnet', section: nimes, sex: 'F' as const, birthYear: year - 47, role: 'federation-staff' as const, paidYears: [year] },
      { email: 'elu@gard.example', firstName: 'Paul', lastName: 'Girard', section: uzes, sex: 'M' as const, birthYear: year - 69, role: 'elected-official' as const, paidYears: [year] },
      { email: 'tresoriere@gard.example', firstName: 'Hélène', lastName: 'Vidal', section: ales, sex: 'F' as const, birthYear: year - 49, paidYears: [year] },
      // The conflicts commission is independent of the executive: its member holds no bureau seat.
      { email: 'commission@gard.example', firstName: 'Gérard', lastName: 'Pons', section: uzes, sex: 'M' as const, birthYear: year - 63, role: 'conflicts-commission' as const, paidYears: [year] },
      { email: 'suspendu@gard.example', firstName: 'Luc', lastName: 'Arnaud', section: ales, sex: 'M' as const, birthYear: year - 36, status: 'suspended' as const, statusReason: 'Décision de la commission des conflits', suspendedUntil: `${year + 1}-06-30`, paidYears: [year] },
    ];
    let n = 1;
    for (const p of people) {
      await buildMember(strapi, {
        ...p,
        membershipNumber: `30-${String(n++).padStart(5, '0')}`,
        federation: gard,
        password,
        joinedOn: p.joinedOn ?? '2019-03-02',
      });
    }
    if (strapi.plugin('training')) {
      await seedTrainingCourses(strapi, { gard, nimes });
      await seedWelcome(strapi, 'nouvelle.adherente@gard.example');
    }
    await buildMember(strapi, {
      email: 'adherent@herault.example', firstName: 'Nadia', lastName: 'Lopez', membershipNumber: '34-00001', sex: 'F', birthYear: year - 40,
      federation: herault, section: montpellier, password, paidYears: [year],
    });
    // The Hérault's staff, to try the federations' isolation from the other side.
    await buildMember(strapi, {
      email: 'equipe@herault.example', firstName: 'Thomas', lastName: 'Roussel', membershipNumber: '34-00002', sex: 'M', birthYear: year - 44,
      federation: herault, section: montpellier, role: 'federation-staff', password, joinedOn: '2016-10-04', paidYears: [year - 1, year],
    });
    // The national administration has an account but no member profile.
    const nationalRole = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'national-admin' } });
    await strapi.documents('plugin::users-permissions.user' as any).create({
      data: { username: 'national@gard.example', email: 'national@gard.example', provider: 'local', password, confirmed: true, role: nationalRole.id } as any,
    });

    const categories: Record<string, any> = {};
    for (const name of ['Comptes rendus', 'Statuts et règlements', 'Notes internes', 'Guides militants']) {
      categories[name] = await strapi.documents(CATEGORY_UID as any).create({ data: { name, slug: slugify(name) } as any });
    }
    const documents = [
      { title: 'Statuts du parti', audience: 'national', category: 'Statuts et règlements',
        body: paragraphs('Les statuts adoptés par le congrès national.', 'Article 1 — Les adhérents sont organisés en sections et en fédérations départementales.') },
      { title: 'Compte rendu du conseil fédéral du 12 octobre', audience: 'federation', federation: gard, category: 'Comptes rendus',
        body: paragraphs('Présents : 24 membres du conseil fédéral.', 'Le conseil a adopté la synthèse de la consultation : 28 propositions retenues sur 359 contributions.') },
      { title: 'Ordre du jour de l’assemblée de section de Nîmes', audience: 'section', section: nimes, category: 'Notes internes',
        body: paragraphs('1. Accueil des nouveaux adhérents. 2. Bilan de la campagne. 3. Questions diverses.') },
      { title: 'Guide de l’accueil des nouveaux adhérents', audience: 'federation', federation: gard, category: 'Guides militants',
        body: paragraphs('Chaque nouvel adhérent est accueilli par un parrain ou une marraine de sa section.') },
      { title: 'Compte rendu du conseil fédéral de l’Hérault', audience: 'federation', federation: herault, category: 'Comptes rendus',
        body: paragraphs('Document interne à la fédération de l’Hérault.') },
    ];
    const minutes = await demoAttachment(strapi, 'releve-de-decisions-conseil-federal.txt', [
      'Relevé de décisions du conseil fédéral du Gard — 12 octobre',
      '',
      '1. La synthèse de la consultation est adoptée.',
      '2. Les sections organisent un café-débat ouvert par trimestre.',
      '3. Prochain conseil fédéral : en janvier.',
    ]);
    for (const d of documents) {
      await strapi.documents(DOCUMENT_UID as any).create({
        data: {
          title: d.title, body: d.body, audience: d.audience, federation: (d as any).federation?.id ?? null, section: (d as any).section?.id ?? null, category: categories[d.category].id,
          attachments: d.title.startsWith('Compte rendu du conseil fédéral du 12') ? [minutes.id] : [],
        } as any,
        status: 'published',
      });
    }
    await strapi.documents(DOCUMENT_UID as any).create({
      data: { title: 'Brouillon : projet de règlement intérieur', body: paragraphs('En cours de rédaction.'), audience: 'federation', federation: gard.id, category: categories['Statuts et règlements'].id } as any,
    });
    const articles = [
      { title: 'La consultation fédérale a rendu ses conclusions', audience: 'federation', federation: gard,
        summary: '122 adhérents, 359 contributions, 28 propositions adoptées par le vote des adhérents.' },
      { title: 'Ouverture de l’intranet militant', audience: 'national', summary: 'Un espace centralisé, sécurisé et rapide pour toute l’information interne.' },
      { title: 'Fête de la fédération de l’Hérault à Montpellier', audience: 'federation', federation: herault,
        summary: 'Réservée aux adhérents de l’Hérault : le programme de la fête fédérale de juin.' },
    ];
    for (const a of articles) {
      await strapi.documents(ARTICLE_UID as any).create({
        data: { title: a.title, summary: a.summary, body: paragraphs(a.summary), audience: a.audience, federation: (a as any).federation?.id ?? null } as any,
        status: 'published',
      });
    }
    await recordAudit(strapi, {
      actor: SYSTEM_ACTOR,
      action: 'app.demo.seed',
      subject: { type: 'demo', id: null },
      federationId: gard.id,
      details: { federations: 2, accounts: DEMO_ACCOUNTS.length + 1 },
    });
  });

  if (strapi.plugin('training')) await seedSponsorship(strapi, 'nouvelle.adherente@gard.example', 'adherent@gard.example');
  await seedAdminPanel(strapi, password);
  if (strapi.plugin('bodies')) await seedBodies(strapi);
  if (strapi.plugin('mandates')) await seedMandates(strapi);
  if (strapi.plugin('skills')) await seedSkills(strapi, password);
  if (strapi.plugin('sanctions')) await seedSanctions(strapi, password);
  if (strapi.plugin('events')) await seedEvents(strapi);
  if (strapi.plugin('investitures')) await seedInvestitures(strapi, password);
  // Last, once every demo member exists and has their standing: a vote's electorate, counted
  // when the seed opens it, is then who may vote in it (members made after it would vote
  // without being counted, and the count would depend on when the clock first looked).
  if (strapi.plugin('consultations')) await seedConsultations(strapi);
  return true;
}

/**
 * The events' demo (issue 20): café-débats of Nîmes and Alès (two past with their reports, one
 * upcoming open to the public with citizens registered), a federation debate with a
 * researcher, the summer university — through the events plugin's commands.
 */
async function seedEvents(strapi: Core.Strapi) {
  const gard = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '30' } });
  const section = async (name: string) => (await strapi.db.query('plugin::membership.section').findOne({ where: { name, federation: { id: gard.id } } })).documentId as string;
  const userId = async (email: string) => (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email }, select: ['id'] })).id as number;
  await getService(strapi, 'events', 'demo').seed({
    staffUserId: await userId('equipe@gard.example'),
    secretaryUserId: await userId('secretaire.nimes@gard.example'),
    nationalUserId: await userId('national@gard.example'),
    memberUserIds: await Promise.all(['adherent@gard.example', 'elu@gard.example', 'adherent.impaye@gard.example'].map(userId)),
    nimes: await section('Nîmes'),
    other: await section('Alès'),
  });
}

/**
 * The conflicts commission's demo: nine members of the Gard made for it (« mis en cause »:
 * sanctioning the other demo accounts would close their doors), the national commission's
 * account, then one case at each state through the sanctions plugin's commands.
 */
async function seedSanctions(strapi: Core.Strapi, password: string) {
  const gard = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '30' } });
  const ales = await strapi.db.query('plugin::membership.section').findOne({ where: { name: 'Alès', federation: { id: gard.id } } });
  const userId = async (email: string) => (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email }, select: ['id'] })).id as number;
  const names = [['Bruno', 'Lefort'], ['Sylvie', 'Castel'], ['Hugo', 'Marchand'], ['Yann', 'Perrin'], ['Chloé', 'Garnier'], ['Thierry', 'Aubert'], ['Olivier', 'Morel'], ['Gilles', 'Renaud'], ['Nathalie', 'Brun']];
  const respondents: string[] = [];
  for (const [i, [firstName, lastName]] of names.entries()) {
    const { member } = await buildMember(strapi, {
      email: `mis.en.cause${i + 1}@gard.example`, firstName, lastName, membershipNumber: `30-${String(200 + i).padStart(5, '0')}`,
      federation: gard, section: ales, password, joinedOn: '2021-09-01', paidYears: [yearOf(todayInParis())],
    });
    respondents.push(member.documentId);
  }
  const national = await buildAccount(strapi, { email: 'commission.nationale@national.example', role: 'conflicts-commission', password });
  await getService(strapi, 'sanctions', 'demo').seed({
    staffUserId: await userId('equipe@gard.example'),
    commissionUserId: await userId('commission@gard.example'),
    nationalCommissionUserId: national.id,
    reporterUserId: await userId('adherent@gard.example'),
    respondents,
  });
}

/**
 * « Investitures et désignations »: twelve Gard members of Nîmes made for it (30-00300…),
 * then the 2026 municipal list of Nîmes (alternation broken at position 7, Hélène Vidal —
 * tresoriere@, already three local mandates — at position 10 failing the cumul preview) and a
 * closed presidential primary with three candidates, voted and counted (its demo service).
 */
async function seedInvestitures(strapi: Core.Strapi, password: string) {
  const gard = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '30' } });
  const nimes = await strapi.db.query('plugin::membership.section').findOne({ where: { name: 'Nîmes', federation: { id: gard.id } } });
  const userId = async (email: string) => (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email }, select: ['id'] })).id as number;
  const people: [string, string, 'F' | 'M', number][] = [
    ['Aurélie', 'Combes', 'F', 1974], ['Mehdi', 'Benali', 'M', 1988], ['Laure', 'Teissier', 'F', 1996], ['Vincent', 'Arnal', 'M', 1965], ['Inès', 'Da Silva', 'F', 2001],
    ['Rémi', 'Puech', 'M', 1979], ['Franck', 'Salles', 'M', 1958], ['Josiane', 'Pradier', 'F', 1952], ['Karim', 'Haddad', 'M', 1990],
    ['Élise', 'Marty', 'F', 1970], ['Antoine', 'Guiraud', 'M', 1962], ['Nadia', 'Bouzid', 'F', 1984],
  ];
  const users: number[] = [];
  for (const [i, [firstName, lastName, sex, birthYear]] of people.entries()) {
    const { user } = await buildMember(strapi, {
      email: `candidat${i + 1}@gard.example`, firstName, lastName, membershipNumber: `30-${String(300 + i).padStart(5, '0')}`,
      federation: gard, section: nimes, password, joinedOn: '2019-05-10', paidYears: [yearOf(todayInParis())], sex, birthYear,
    });
    users.push(user.id);
  }
  const vidal = await strapi.db.query('plugin::membership.member').findOne({ where: { user: { email: 'tresoriere@gard.example' } }, select: ['id', 'sex'] });
  if (vidal && !vidal.sex) await strapi.db.query('plugin::membership.member').update({ where: { id: vidal.id }, data: { sex: 'F', birthYear: 1963 } });
  await getService(strapi, 'investitures', 'demo').seed({
    staffUserId: await userId('equipe@gard.example'),
    nationalUserId: await userId('national@gard.example'),
    listUserIds: [...users.slice(0, 9), await userId('tresoriere@gard.example')],
    primaryUserIds: users.slice(9, 12),
    voterUserIds: users.slice(0, 10),
  });
}

/**
 * The Gard's consultations module switched on, and one consultation per moment of the
 * process, made through the consultations plugin's commands (its demo service): only
 * members eligible on the 1 March cut-off contribute and vote.
 */
async function seedConsultations(strapi: Core.Strapi) {
  const gard = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '30' } });
  await getService(strapi, 'modules', 'switches').set(gard.id, 'consultations', true);
  const userId = async (email: string) => (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email }, select: ['id'] })).id as number;
  const eligible = ['adherent@gard.example', 'secretaire.nimes@gard.example', 'elu@gard.example', 'tresoriere@gard.example', 'equipe@gard.example'];
  await getService(strapi, 'consultations', 'demo').seed({
    federation: gard.documentId,
    staffUserId: await userId('equipe@gard.example'),
    eligibleUserIds: await Promise.all(eligible.map(userId)),
    cutoff: `${yearOf(todayInParis())}-03-01`,
  });
}

/**
 * The Gard's bodies (bureau fédéral, conseil fédéral, Nîmes section bureau) with twelve
 * months of meetings, attendance and minutes, made through the bodies plugin's commands.
 */
async function seedBodies(strapi: Core.Strapi) {
  const gard = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '30' } });
  const nimes = await strapi.db.query('plugin::membership.section').findOne({ where: { name: 'Nîmes', federation: { id: gard.id } } });
  const members: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    const member = await strapi.db.query('plugin::membership.member').findOne({ where: { user: { email: account.email } }, select: ['documentId'] });
    if (member) members[account.email] = member.documentId;
  }
  const staff = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'equipe@gard.example' }, select: ['id'] });
  await getService(strapi, 'bodies', 'demo').seed({ federation: gard.documentId, section: nimes.documentId, staffUserId: staff.id, members });
}

/**
 * The Gard's elected officials and their mandates, one of each case of issue 16 (fine, L. 46-1,
 * LO. 141-1, a fourth consecutive term, a collaborator and a first secretary with party
 * functions), and good and poor report records, made through the mandates plugin's commands.
 */
async function seedMandates(strapi: Core.Strapi) {
  const members: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    const member = await strapi.db.query('plugin::membership.member').findOne({ where: { user: { email: account.email } }, select: ['documentId'] });
    if (member) members[account.email] = member.documentId;
  }
  const staff = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'equipe@gard.example' }, select: ['id'] });
  await getService(strapi, 'mandates', 'demo').seed({ staffUserId: staff.id, members });
}

/** First names and last names of the skills directory's extra Gard members. */
const SKILLS_FIRST = ['Amandine', 'Bastien', 'Chloé', 'David', 'Emma', 'Farid', 'Gaëlle', 'Hugo', 'Isabelle', 'Jérôme', 'Karima', 'Louis', 'Manon', 'Nicolas', 'Océane', 'Pierre', 'Quentin'];
const SKILLS_LAST = ['Alcaraz', 'Blanc', 'Chabert', 'Delmas', 'Espinasse', 'Ferrand', 'Garcia', 'Hugon', 'Issartel', 'Jullian', 'Khelifi', 'Lacroix', 'Mercier', 'Nègre', 'Olivier', 'Pagès', 'Roche'];

/**
 * « Compétences et réseaux »: 33 more Gard members (so that 40 active Gard members have an
 * account), then the vocabulary, their profiles of every visibility, two networks and a
 * census in progress, made through the skills plugin's commands (its demo service).
 */
async function seedSkills(strapi: Core.Strapi, password: string) {
  const gard = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '30' } });
  const sections = await strapi.db.query('plugin::membership.section').findMany({ where: { federation: { id: gard.id } }, orderBy: { name: 'asc' } });
  const userId = async (email: string) => (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email }, select: ['id'] })).id as number;
  const year = yearOf(todayInParis());
  const memberUserIds: number[] = [];
  for (const account of DIRECTORY_DEMO_ACCOUNTS) memberUserIds.push(await userId(account.email));
  for (let i = 0; memberUserIds.length < DIRECTORY_DEMO_PROFILES; i++) {
    const { user } = await buildMember(strapi, {
      email: `competences.${i + 1}@gard.example`,
      firstName: SKILLS_FIRST[i % SKILLS_FIRST.length],
      lastName: SKILLS_LAST[(i * 5) % SKILLS_LAST.length],
      membershipNumber: `30-${String(100 + i).padStart(5, '0')}`,
      federation: gard,
      section: sections[i % sections.length],
      password,
      joinedOn: `${2010 + (i % 14)}-0${1 + (i % 9)}-15`,
      sex: i % 2 ? 'M' : 'F',
      birthYear: year - 22 - ((i * 7) % 50),
      paidYears: [year],
    });
    memberUserIds.push(user.id);
  }
  await getService(strapi, 'skills', 'demo').seed({ nationalUserId: await userId('national@gard.example'), staffUserId: await userId('equipe@gard.example'), memberUserIds });
}

/** A small text file in the media library, for a document's attachment (downloaded through the API). */
async function demoAttachment(strapi: Core.Strapi, name: string, lines: string[]): Promise<{ id: number }> {
  const filepath = path.join(os.tmpdir(), `${Date.now()}-${name}`);
  writeFileSync(filepath, `${lines.join('\n')}\n`, 'utf8');
  try {
    const [file] = await strapi.plugin('upload').service('upload').upload({
      data: { fileInfo: { name } },
      files: { filepath, originalFilename: name, mimetype: 'text/plain', size: statSync(filepath).size },
    });
    return file;
  } finally {
    rmSync(filepath, { force: true });
  }
}

/** A super admin and each federation's staff account in the admin panel, with the demo password. */
async function seedAdminPanel(strapi: Core.Strapi, password: string) {
  const roles = strapi.service('admin::role') as any;
  const users = strapi.service('admin::user') as any;
  const superAdmin = await roles.getSuperAdmin();
  const gardRole = await strapi.db.query('admin::role').findOne({ where: { code: 'intranet-federation-30' } });
  const heraultRole = await strapi.db.query('admin::role').findOne({ where: { code: 'intranet-federation-34' } });
  const accounts = [
    { email: 'national@gard.example', firstname: 'Administration', lastname: 'nationale', roles: [superAdmin.id] },
    { email: 'equipe@gard.example', firstname: 'Sophie', lastname: 'Bonnet', roles: [gardRole.id] },
    { email: 'equipe@herault.example', firstname: 'Thomas', lastname: 'Roussel', roles: [heraultRole.id] },
  ];
  for (const account of accounts) {
    if (!(await users.exists({ email: account.email }))) {
      await users.create({ ...account, password, isActive: true, registrationToken: null });
    }
  }
}

/** Two months ago, or today early in the year: after the 1 March cut-off when the calendar allows. */
function recentJoin(year: number): string {
  const twoMonthsAgo = todayInParis(new Date(Date.now() - 60 * 86_400_000));
  return twoMonthsAgo >= `${year}-03-02` ? twoMonthsAgo : todayInParis();
}

function slugify(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function printDemoAccounts(strapi: Core.Strapi) {
  const url = strapi.config.get('server.url') || `http://localhost:${strapi.config.get('server.port')}`;
  const lines = [
    '',
    '  Intranet militant — données de démonstration',
    `  Mot de passe de tous les comptes : ${process.env.DEMO_PASSWORD}   (DEMO_PASSWORD dans .env)`,
    `  Portail des adhérents : ${url}/  (adherent@gard.example, adherent.impaye@gard.example, nouvelle.adherente@gard.example…)`,
    `  Panneau d’administration : ${url}/admin  (national@gard.example, equipe@gard.example, equipe@herault.example)`,
    `  API : POST ${url}/api/auth/local { identifier, password }`,
    '',
    ...DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(34)} ${a.role.padEnd(21)} ${a.who}`),
    '',
    '  Autres comptes d’adhérents du Gard créés pour les modules (même mot de passe) :',
    ...DEMO_MEMBER_SERIES.map((s) => `    ${`${s.prefix}1…${s.count}@gard.example`.padEnd(34)} ${s.who}`),
    '',
  ];
  strapi.log.info(lines.join('\n'));
  // Kept in a file too, for when the console has scrolled on (`.tmp/` is not committed).
  const file = process.env.DEMO_ACCOUNTS_FILE || path.join(strapi.dirs.app.root, '.tmp', 'demo-accounts.txt');
  try {
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  } catch (error) {
    strapi.log.warn(`Demo accounts not written to ${file}: ${(error as Error).message}`);
  }
}
