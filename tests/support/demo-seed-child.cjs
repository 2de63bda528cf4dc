// Boots the app as `npm run develop` would (development, DEMO_PASSWORD set) on the database
// the parent chose, lets the bootstrap seed the demo, then prints one JSON line: the rows of
// every content type of our plugins, whether a second seeding would add anything, and the
// consultations' calendars.
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const root = path.resolve(__dirname, '..', '..');

(async () => {
  const strapi = await createStrapi({ appDir: root, distDir: path.join(root, 'dist') }).load();
  const counts = {};
  const ours = new Set(require('node:fs').readdirSync(path.join(root, 'plugins')));
  for (const uid of Object.keys(strapi.contentTypes)) {
    const plugin = /^plugin::([^.]+)\./.exec(uid)?.[1];
    if (plugin && ours.has(plugin)) counts[uid] = await strapi.db.query(uid).count();
  }
  const { seedDemo, printedDemoEmails } = require(path.join(root, 'dist', 'src', 'seed', 'demo.js'));
  const missing = [];
  for (const email of printedDemoEmails()) {
    if (!(await strapi.db.query('plugin::users-permissions.user').count({ where: { email } }))) missing.push(email);
  }
  // Each consultation's calendar as members read it: when it opened and when each phase ended.
  const calendars = await strapi.db.query('plugin::consultations.consultation').findMany({
    select: ['title', 'phase', 'opensAt', 'contributionEndsAt', 'analysisEndsAt', 'evaluationEndsAt', 'voteEndsAt'],
  });
  // Each vote's electorate as counted when it opened, beside who may vote in it now and its roll.
  const electorates = [];
  const consultations = strapi.plugin('consultations').service('consultations');
  const roll = strapi.plugin('consultations').service('roll');
  for (const c of await strapi.db.query('plugin::consultations.consultation').findMany({ where: { eligibleAtVote: { $notNull: true } }, populate: { federation: true, section: true } })) {
    electorates.push({
      title: c.title, kind: c.kind, opensAt: c.opensAt, evaluationEndsAt: c.evaluationEndsAt,
      counted: c.eligibleAtVote, now: await consultations.electorate(c), roll: await roll.size({ consultationId: c.id }), rollClosedAt: c.rollClosedAt,
    });
  }
  // The members the README counts: every member record (the admin panel's « Adhérents »), per
  // federation, and the Gard's active ones (what the skills census and the consultations count).
  const members = await strapi.db.query('plugin::membership.member').findMany({ select: ['membershipStatus', 'leftOn', 'suspendedUntil'], populate: { federation: { select: ['departmentCode'] }, user: { select: ['id'] } } });
  const memberCounts = {
    all: members.length,
    gard: members.filter((m) => m.federation && m.federation.departmentCode === '30').length,
    herault: members.filter((m) => m.federation && m.federation.departmentCode === '34').length,
    byStatus: members.reduce((t, m) => ({ ...t, [`${m.federation ? m.federation.departmentCode : '-'}:${m.membershipStatus}`]: (t[`${m.federation ? m.federation.departmentCode : '-'}:${m.membershipStatus}`] || 0) + 1 }), {}),
    withAccount: members.filter((m) => m.user).length,
  };
  const gardRow = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '30' }, select: ['id'] });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  memberCounts.gardActive = (await strapi.plugin('membership').service('directory').activeMembersOn(gardRow.id, today)).length;
  // Every address the demo wrote (accounts, admin accounts, citizens registered to events): mail may leave with SMTP_HOST set.
  const addresses = [
    ...(await strapi.db.query('plugin::users-permissions.user').findMany({ select: ['email'] })),
    ...(await strapi.db.query('admin::user').findMany({ select: ['email'] })),
    ...(strapi.plugin('events') ? await strapi.db.query('plugin::events.registration').findMany({ select: ['email'], where: { email: { $notNull: true } } }) : []),
  ].map((row) => row.email);
  // Each demo admin-panel account and its roles' codes (a federation's staff: `intranet-federation-<code>`).
  const adminAccounts = (await strapi.db.query('admin::user').findMany({ select: ['email', 'isActive'], populate: { roles: { select: ['code'] } } }))
    .map((a) => ({ email: a.email, isActive: a.isActive, roles: a.roles.map((r) => r.code).sort() }));
  // Each portal account's role and, for a member, its federation's department code.
  const portalAccounts = {};
  for (const u of await strapi.db.query('plugin::users-permissions.user').findMany({ select: ['email'], populate: { role: { select: ['type'] } } })) {
    const member = await strapi.db.query('plugin::membership.member').findOne({ where: { user: { id: u.id } }, populate: { federation: { select: ['departmentCode'] } } });
    portalAccounts[u.email] = { role: u.role && u.role.type, federation: member && member.federation ? member.federation.departmentCode : null };
  }
  // Seats on a bureau (the executive) held by a member of a conflicts commission: statutes forbid it.
  const commissionBureauSeats = strapi.plugin('bodies')
    ? (await strapi.db.query('plugin::bodies.seat').findMany({
        where: { body: { kind: 'bureau' }, member: { user: { role: { type: 'conflicts-commission' } } } },
        populate: { body: { select: ['name'] }, member: { select: ['firstName', 'lastName'] } },
      })).map((s) => `${s.member.firstName} ${s.member.lastName}: ${s.role}, ${s.body.name}`)
    : null;
  const again = await seedDemo(strapi);
  process.stdout.write(`DEMO-SEED ${JSON.stringify({ counts, again, missing, calendars, electorates, addresses, memberCounts, adminAccounts, portalAccounts, commissionBureauSeats })}\n`);
  await strapi.destroy();
  process.exit(0);
})().catch((error) => {
  process.stderr.write(`DEMO-SEED-ERROR ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
