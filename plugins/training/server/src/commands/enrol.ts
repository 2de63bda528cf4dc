import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { addresses, audienceOf, auditActorOf, ConflictError, ForbiddenError, recordAudit, todayInParis, violatesUniqueIndex, type Actor } from '@intranet-militant/shared';
import { certificateCode, isComplete, isMeantFor, isNewMember } from '../domain/courses';
import type { Course } from '../services/courses';
import { organiserOf } from '../services/views';
import { ENROLMENT_UID } from '../uids';
import { assertMember, loadCourse } from './checks';

const ENROLMENT_KEY = { name: 'training_enrolments_key_uq', table: 'training_enrolments', columns: ['enrolment_key'] };
const courses = (strapi: Core.Strapi) => strapi.plugin('training').service('courses');

/** A member enrols in a course meant for them, once its prerequisites are completed. */
export async function enrol(strapi: Core.Strapi, actor: Actor, courseDocumentId: string) {
  const course = await loadCourse(strapi, actor, courseDocumentId);
  const memberId = assertMember(actor);
  if (actor.status === 'suspended') throw new ForbiddenError('Votre adhésion est suspendue : les inscriptions reprendront à sa levée.');
  const member = await strapi.plugin('membership').service('directory').memberById(memberId);
  if (!addresses(actor, audienceOf(course))) {
    throw new ForbiddenError('Cette formation s’adresse aux adhérents d’une autre section ou fédération.');
  }
  if (!isMeantFor(course, actor, isNewMember(member?.joinedOn, todayInParis()))) {
    throw new ForbiddenError(
      course.intendedFor === 'elected-officials' ? 'Cette formation est réservée aux élus.' : 'Cette formation est réservée aux nouveaux adhérents.'
    );
  }
  for (const prerequisite of course.prerequisites) {
    const done = await courses(strapi).enrolmentOf(memberId, prerequisite.documentId);
    if (!done?.completedAt) throw new ConflictError(`Terminez d’abord la formation « ${prerequisite.title} ».`, { prerequisite: prerequisite.documentId });
  }
  return strapi.db.transaction(async () => {
    const enrolment = await createEnrolment(strapi, memberId, course, 'self');
    if (!enrolment) throw new ConflictError('Vous êtes déjà inscrit·e à cette formation.');
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::training.enrolment.create',
      subject: { type: ENROLMENT_UID, id: enrolment.documentId },
      federationId: actor.federationId,
      details: { course: course.documentId },
    });
    return enrolment;
  });
}

/** A newcomer is enrolled in the welcome paths that address them (called when they join). */
export async function enrolInWelcomePaths(strapi: Core.Strapi, memberId: number) {
  const member = await strapi.plugin('membership').service('directory').memberById(memberId);
  // Registering a long-standing member (an import) is not a welcome.
  if (!member || member.membershipStatus !== 'active' || !isNewMember(member.joinedOn, todayInParis())) return [];
  const newcomer = { userId: member.user?.id ?? 0, role: 'member' as const, federationId: member.federation?.id ?? null, sectionId: member.section?.id ?? null };
  const paths: Course[] = await courses(strapi).allPublished({ welcomePath: true });
  const enrolled = [];
  for (const course of paths.filter((c) => addresses(newcomer, audienceOf(c)))) {
    const enrolment = await createEnrolment(strapi, memberId, course, 'welcome');
    if (enrolment) enrolled.push(enrolment);
  }
  return enrolled;
}

/** Creates the enrolment; null when the member already has one (the unique key decides). */
async function createEnrolment(strapi: Core.Strapi, memberId: number, course: Course, origin: 'self' | 'welcome') {
  try {
    // A savepoint: a duplicate must not abort the caller's transaction (PostgreSQL).
    return await strapi.db.transaction(async ({ trx }) => {
      await trx.raw('SAVEPOINT training_enrol');
      try {
        const created = await strapi.documents(ENROLMENT_UID).create({
          data: { member: memberId, courseDocumentId: course.documentId, enrolmentKey: `${memberId}:${course.documentId}`, origin, enrolledAt: new Date().toISOString() } as any,
        });
        await trx.raw('RELEASE SAVEPOINT training_enrol');
        return created;
      } catch (error) {
        await trx.raw('ROLLBACK TO SAVEPOINT training_enrol');
        throw error;
      }
    });
  } catch (error) {
    if (violatesUniqueIndex(error, ENROLMENT_KEY)) return null;
    throw error;
  }
}

/**
 * Completes the enrolment when its course's required lessons are done and quizzes passed:
 * the date, a certificate code anyone can verify, and what the certificate says. Called
 * in the transaction that wrote the last step, holding the enrolment's row: of two last
 * steps written at once, the second sees the first.
 */
export async function settleCompletion(strapi: Core.Strapi, enrolment: { id: number }, course: Course) {
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT id FROM training_enrolments WHERE id = ? FOR UPDATE', [enrolment.id]);
    const current = await strapi.db.query(ENROLMENT_UID).findOne({ where: { id: enrolment.id }, populate: { member: { select: ['id'] } } });
    if (current.completedAt) return current;
    const structure = await courses(strapi).structure(course);
    const done = await courses(strapi).achievements(enrolment.id);
    if (!isComplete(structure, done.lessons, done.quizzes)) return current;
    const member = await strapi.plugin('membership').service('directory').memberById(current.member.id);
    return strapi.db.query(ENROLMENT_UID).update({
      where: { id: enrolment.id },
      data: {
        completedAt: new Date().toISOString(),
        certificateCode: certificateCode(randomBytes),
        certificate: { holder: `${member.firstName} ${member.lastName}`, course: course.title, level: course.audience, organiser: organiserOf(course) },
      },
    });
  });
}
