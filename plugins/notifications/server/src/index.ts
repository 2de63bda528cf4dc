import type { Core } from '@strapi/strapi';
import { getService, MEMBER_JOINED, onEvent } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import contentTypes from './content-types';
import invitation from './controllers/invitation';
import routes from './routes';
import invitations from './services/invitations';
import mailer from './services/mailer';
import passwords from './services/passwords';

/**
 * Notifications (first part): email through Strapi's email plugin, the invitation every new
 * member receives with a one-time link to « Activer mon compte », its activation, and the
 * « mot de passe oublié » email. The outbox, preferences, inbox and calendar feeds come later.
 */
export default {
  register() {},
  bootstrap({ strapi }: { strapi: Core.Strapi }) {
    onEvent(strapi, MEMBER_JOINED, ({ memberId, invite }) => (invite === false ? undefined : getService(strapi, 'notifications', 'invitations').onMemberJoined(memberId)));
  },
  contentTypes,
  controllers: { invitation },
  routes,
  services: { invitations, mailer, passwords },
};
