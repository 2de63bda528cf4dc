import type { Core } from '@strapi/strapi';
import { ENTRY_WRITES, MEMBER_JOINED, parseInput, todayInParis } from '@intranet-militant/shared';
import { isNewMember } from './domain/courses';
import { enrolInWelcomePaths } from './commands/enrol';
import { questionsSchema } from './domain/quiz';
import { QUIZ_UID } from './uids';

/**
 * Rules that hold whoever writes (admin panel included): a quiz's questions parse, with
 * a right answer each. And every newcomer is enrolled in the welcome paths meant for them.
 */
export function registerIntegrity(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== QUIZ_UID || !ENTRY_WRITES.has(context.action)) return next();
    const questions = (context.params as { data?: { questions?: unknown } })?.data?.questions;
    if (questions !== undefined || context.action === 'create') parseInput(questionsSchema, questions, 'Questions du quiz invalides.');
    return next();
  });

  strapi.eventHub.on(MEMBER_JOINED, async ({ memberId, joinedOn }: { memberId: number; joinedOn?: string }) => {
    // A long-standing member registered (an import) is not a welcome: skipped without a read.
    if (joinedOn && !isNewMember(joinedOn, todayInParis())) return;
    await enrolInWelcomePaths(strapi, memberId);
  });
}
