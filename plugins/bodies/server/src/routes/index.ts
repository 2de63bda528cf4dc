import { contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { bodiesPermissions } from '../permissions';
import { routeInput } from '../validation/schemas';

type Action = keyof typeof routeInput;
const rule = bodiesPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: Action, action: keyof typeof rule): RouteSpec => ({
  method,
  path,
  handler: `bodies.${handler}`,
  rule: rule[action],
  module: 'bodies',
  input: routeInput[handler],
});

/** Mounted under /api/bodies. */
export default {
  'content-api': contentApiRoutes([
    route('GET', '/me', 'mine', 'body.read'),
    route('GET', '/me/indicators', 'myIndicators', 'indicator.read'),
    route('GET', '/bodies', 'bodies', 'body.read'),
    route('POST', '/bodies', 'createBody', 'body.manage'),
    route('GET', '/bodies/:id', 'body', 'body.read'),
    route('PUT', '/bodies/:id', 'updateBody', 'body.manage'),
    route('POST', '/bodies/:id/seats', 'designate', 'body.manage'),
    route('POST', '/seats/:id/end', 'endSeat', 'body.manage'),
    route('GET', '/bodies/:id/meetings', 'meetings', 'body.read'),
    route('POST', '/bodies/:id/meetings', 'createMeeting', 'secretariat.act'),
    route('GET', '/bodies/:id/indicators', 'bodyIndicators', 'indicator.read'),
    route('GET', '/bodies/:id/report', 'report', 'body.read'),
    route('GET', '/bodies/:id/report.csv', 'reportCsv', 'report.export'),
    route('GET', '/bodies/:id/report.pdf', 'reportPdf', 'report.export'),
    route('GET', '/bodies/:id/composition', 'composition', 'composition.read'),
    route('POST', '/bodies/:id/skill-suggestions', 'skillSuggestions', 'body.manage'),
    route('GET', '/federations/:id/indicators', 'federationIndicators', 'body.manage'),
    route('GET', '/meetings/:id', 'meeting', 'body.read'),
    route('PUT', '/meetings/:id', 'updateMeeting', 'secretariat.act'),
    route('POST', '/meetings/:id/status', 'setMeetingStatus', 'secretariat.act'),
    route('GET', '/meetings/:id/ics', 'meetingIcs', 'body.read'),
    route('PUT', '/meetings/:id/attendance', 'markAttendance', 'secretariat.act'),
    route('GET', '/meetings/:id/minutes', 'minutes', 'body.read'),
    route('PUT', '/meetings/:id/minutes', 'saveMinutes', 'secretariat.act'),
    route('POST', '/minutes/:id/approve', 'approveMinutes', 'secretariat.act'),
    route('POST', '/minutes/:id/publish', 'publishMinutes', 'secretariat.act'),
    route('POST', '/minutes/:id/versions', 'correctMinutes', 'secretariat.act'),
  ]),
};
