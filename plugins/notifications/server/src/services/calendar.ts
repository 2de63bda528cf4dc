import type { Core } from '@strapi/strapi';
import { createHash, randomBytes } from 'crypto';
import icalModule from 'ical-generator';
import { declaredCalendarSources, getService, portalUrl, type CalendarSource, type CalendarViewer, type Role } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { FEEDS } from '../storage';

const ical = ((icalModule as unknown as { default?: typeof icalModule }).default ?? icalModule) as typeof icalModule;
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
/** What a feed covers: from 30 days ago to a year ahead. */
const PAST_MS = 30 * 86_400_000;
const AHEAD_MS = 365 * 86_400_000;

/**
 * Members' private calendar feeds (ICS, `ical-generator`): a secret token per member (its
 * SHA-256 only is stored; a new one replaces the old), and the events every installed
 * plugin contributes (`CalendarSource`: modules' manifests `calendar`, core plugins'
 * `declareCalendarSources`) for what that member may see.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The sources for a federation: core plugins' and those of the modules it has switched on. */
  async sources(federationId: number | null): Promise<CalendarSource[]> {
    const on = federationId == null ? null : new Set((await getService(strapi, 'modules', 'switches').statesOf(federationId)).filter((m) => m.enabled).map((m) => m.id));
    const fromModules = getService(strapi, 'modules', 'registry')
      .list()
      .filter((m) => (on ? on.has(m.id) : m.defaultEnabled))
      .flatMap((m) => m.calendar ?? []);
    return [...declaredCalendarSources(strapi), ...fromModules];
  },

  /** Whether the member has a feed, and since when. */
  async feedOf(memberId: number): Promise<{ exists: boolean; createdAt: string | null }> {
    const row = await strapi.db.connection(FEEDS).where({ member_id: memberId }).first('created_at');
    return { exists: Boolean(row), createdAt: row ? new Date(Number(row.created_at)).toISOString() : null };
  },

  /** A new secret address for the member (the former one stops working). Write: call from a command. */
  async issue(memberId: number): Promise<{ url: string }> {
    const token = randomBytes(32).toString('base64url');
    await strapi.db.transaction(async ({ trx }) => {
      await trx(FEEDS).where({ member_id: memberId }).delete();
      await trx(FEEDS).insert({ member_id: memberId, token_hash: hashToken(token), created_at: Date.now() });
    });
    return { url: `${portalUrl(strapi)}/api/notifications/calendar.ics?token=${token}` };
  },

  /**
   * Ends the member's feed (its secret address stops working; a new one can be made): called
   * when the account's password changes, so that an address made by someone who had the
   * account does not outlive its recovery. Returns whether there was one. Write.
   */
  async revoke(memberId: number): Promise<boolean> {
    // In the caller's transaction when there is one (an account update's lifecycle).
    return strapi.db.transaction(async ({ trx }) => (await trx(FEEDS).where({ member_id: memberId }).delete()) > 0);
  },

  /** The member a token opens, or null. */
  async memberOfToken(token: string): Promise<number | null> {
    const row = await strapi.db.connection(FEEDS).where({ token_hash: hashToken(token) }).first('member_id');
    return row ? Number(row.member_id) : null;
  },

  /**
   * The member's feed as iCalendar text, or null when the member may no longer see anything
   * (unknown, blocked, excluded, suspended: the feed is kept and works again when a suspension ends).
   */
  async render(memberId: number, now = new Date()): Promise<string | null> {
    const member = await getService(strapi, 'membership', 'directory').memberById(memberId);
    if (!member?.user || member.user.blocked || member.membershipStatus === 'excluded' || member.membershipStatus === 'suspended') return null;
    const viewer: CalendarViewer = {
      userId: member.user.id,
      memberId: member.id,
      role: (member.user.role?.type ?? 'member') as Role,
      federationId: member.federation?.id ?? null,
      sectionId: member.section?.id ?? null,
    };
    const range = { from: new Date(now.getTime() - PAST_MS).toISOString(), to: new Date(now.getTime() + AHEAD_MS).toISOString() };
    const base = portalUrl(strapi);
    const calendar = ical({ name: 'Intranet militant', prodId: { company: 'intranet-militant', product: 'agenda', language: 'FR' }, ttl: 3600 });
    for (const source of await this.sources(viewer.federationId)) {
      for (const event of await source.eventsFor(strapi, viewer, range)) {
        calendar.createEvent({
          id: `${event.uid}@${new URL(base).hostname}`,
          start: new Date(event.start),
          end: new Date(event.end ?? event.start),
          summary: event.summary,
          description: event.description,
          url: event.url ? (/^https?:/.test(event.url) ? event.url : `${base}${event.url}`) : undefined,
        });
      }
    }
    return calendar.toString();
  },
});
