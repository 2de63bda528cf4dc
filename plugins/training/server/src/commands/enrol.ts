import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import {
  addresses, audienceClauses, audienceFilter, audienceOf, auditActorOf, ConflictError, effectiveStatus, emitEvent, ForbiddenError, getService, mayTakePart, recordAudit,
  TRAINING_CERTIFICATE_ISSUED, TRAINING_ENROLLED,
  todayInParis, withSavepoint, type Actor, type Viewer,
} from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { enrolmentConflicts } from '../content-types/conflicts';
import { certificateCode, enrolmentKeyOf, isComplete, isMeantFor, isNewMember, welcomeEnrolmentInstant } from '../domain/courses';
import type { Course, Enrolment } from '../services/courses';
import { organiserOf } from '../services/views';
import { ENROLMENT_UID } from '../uids';
import { assertMember, joinedRecently, loadCourse } from './checks';

const courses = (strapi: Core.Strapi) => getService(strapi, 'training', 'courses');
const directory = (strapi: Core.Strapi) => getService(strapi, 'membership', 'directory');

/**
 * A member enrols in a course that addresses them and is meant for them, once its
 * prerequisites are completed. Returns the enrolment. Throws 404/403 (course not found or
 * not theirs, not a member, suspended, reserved to others) and 409 (prerequisite not
 * completed, already enrolled).
 */
export async function enrol(strapi: Core.Strapi, actor: Actor, courseDocumentId: string): Promise<Enrolment> {
  const course = await loadCourse(strapi, actor, courseDocumentId);
  const memberId = assertMember(actor);
  if (actor.status === 'suspended') throw new ForbiddenError('Votre adhésion est suspendue : les inscriptions reprendront à sa levée.');
  if (!addresses(actor, audienceOf(course))) {
    throw new ForbiddenError('Cette formation s’adresse aux adhérents d’une autre section ou fédération.');
  }
  if (!isMeantFor(course, actor, await joinedRecently(strapi, { memberId, joinedOn: actor.joinedOn }))) {
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

/**
 * A newcomer is enrolled in the welcome paths that address them (called when they join,
 * in the joining transaction). Returns the enrolments made: none for a member who is not
 * active (effective status) or not new. `enrolledOn` (YYYY-MM-DD) dates the enrolments on
 * an earlier day than today — the demo's newcomer, enrolled at her arrival weeks before the
 * seed —, bounded by the day the membership started and by today (`welcomeEnrolmentInstant`).
 */
export async function enrolInWelcomePaths(strapi: Core.Strapi, memberId: number, options: { enrolledOn?: string } = {}): Promise<Enrolment[]> {
  const member = await directory(strapi).memberById(memberId);
  const today = todayInParis();
  // Registering a long-standing member (an import) is not a welcome.
  if (!member || !mayTakePart(effectiveStatus({ status: member.membershipStatus, suspendedUntil: member.suspendedUntil ?? null, leftOn: member.leftOn ?? null }, today))) return [];
  if (!isNewMember(member.joinedOn, today)) return [];
  const newcomer: Viewer = { userId: member.user?.id ?? 0, role: 'member', federationId: member.federation?.id ?? null, sectionId: member.section?.id ?? null };
  const paths = await courses(strapi).allPublished({ welcomePath: true, ...audienceFilter(audienceClauses(newcomer, 'member')) });
  const enrolledAt = welcomeEnrolmentInstant(options.enrolledOn, member.joinedOn, today);
  const enrolled = [];
  for (const course of paths) {
    const enrolment = await createEnrolment(strapi, memberId, course, 'welcome', enrolledAt);
    if (!enrolment) continue;
    enrolled.push(enrolment);
    await emitEvent(strapi, TRAINING_ENROLLED, { enrolmentId: enrolment.id, memberId, courseDocumentId: course.documentId, courseTitle: course.title, welcome: true });
  }
  return enrolled;
}

/** Creates the enrolment; null when the member already has one (the unique key decides). */
async function createEnrolment(strapi: Core.Strapi, memberId: number, course: Course, origin: Enrolment['origin'], enrolledAt = new Date().toISOString()): Promise<Enrolment | null> {
  try {
    // A savepoint: a duplicate must not abort the caller's transaction (PostgreSQL).
    return await strapi.db.transaction(({ trx }) =>
      withSavepoint(trx, async () => {
        const created = await strapi.documents(ENROLMENT_UID).create({
          data: { member: memberId, courseDocumentId: course.documentId, enrolmentKey: enrolmentKeyOf(memberId, course.documentId), origin, enrolledAt },
        });
        return created as unknown as Enrolment;
      })
    );
  } catch (error) {
    if (enrolmentConflicts.violated(error)) return null;
    throw error;
  }
}

/**
 * Completes the enrolment when its course's required lessons are done and quizzes passed:
 * the date, a certificate code anyone can verify, and what the certificate says. Called
 * in the transaction that wrote the last step, holding the enrolment's row: of two last
 * steps written at once, the second sees the first. Returns the enrolment as it stands.
 */
export async function settleCompletion(strapi: Core.Strapi, enrolment: { id: number }, course: Course): Promise<Enrolment> {
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT id FROM training_enrolments WHERE id = ? FOR UPDATE', [enrolment.id]);
    const current = await strapi.db.query(ENROLMENT_UID).findOne({ where: { id: enrolment.id }, populate: { member: { select: ['id'] } } });
    if (current.completedAt) return current;
    const structure = await courses(strapi).structure(course);
    const done = await courses(strapi).achievements(enrolment.id);
    if (!isComplete(structure, done.lessons, done.quizzes)) return current;
    const member = await directory(strapi).memberById(current.member.id);
    const completed = await strapi.db.query(ENROLMENT_UID).update({
      where: { id: enrolment.id },
      data: {
        completedAt: new Date().toISOString(),
        certificateCode: certificateCode(randomBytes),
        certificate: { holder: `${member.firstName} ${member.lastName}`, course: course.title, level: course.audience, organiser: organiserOf(course) },
      },
    });
    await emitEvent(strapi, TRAINING_CERTIFICATE_ISSUED, { enrolmentId: enrolment.id, memberId: member.id, courseDocumentId: course.documentId, courseTitle: course.title, code: completed.certificateCode });
    return completed;
  });
}
