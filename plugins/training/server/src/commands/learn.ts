import type { Core } from '@strapi/strapi';
import { addDays, ConflictError, fieldError, frenchDate, getService, NotFoundError, parisDate, todayInParis, withSavepoint, type Actor } from '@intranet-militant/shared';
import { attemptConflicts, progressConflicts, ratingConflicts } from '../content-types/conflicts';
import { attemptsWord, grade, quizRound } from '../domain/quiz';
import type { Course, Structure } from '../services/courses';
import { ATTEMPT_UID, PROGRESS_UID, RATING_UID } from '../uids';
import type { AttemptInput, RatingInput } from '../validation/schemas';
import { loadCourse, loadEnrolment } from './checks';
import { settleCompletion } from './enrol';
import { quizRetryDays } from '../settings';

const courses = (strapi: Core.Strapi) => getService(strapi, 'training', 'courses');

/**
 * The member marks a lesson of their course as done (again: nothing changes). Returns the
 * course, its structure and the enrolment as it stands (completed if that was the last
 * step). Throws 404/403 (course, not enrolled) and 404 for a lesson of another course.
 */
export async function completeLesson(strapi: Core.Strapi, actor: Actor, courseId: string, lessonId: string) {
  const course: Course = await loadCourse(strapi, actor, courseId);
  const enrolment = await loadEnrolment(strapi, actor, course);
  const structure: Structure = await courses(strapi).structure(course);
  const lesson = structure.lessons.find((l) => l.documentId === lessonId);
  if (!lesson) throw new NotFoundError('Cette leçon n’appartient pas à cette formation.');
  return strapi.db.transaction(async ({ trx }) => {
    try {
      await withSavepoint(trx, () =>
        strapi.documents(PROGRESS_UID).create({
          data: { enrolment: enrolment.id, lesson: lesson.id, progressKey: `${enrolment.id}:${lesson.id}`, completedAt: new Date().toISOString() },
        })
      );
    } catch (error) {
      if (!progressConflicts.violated(error)) throw error; // already done: fine
    }
    return { course, structure, enrolment: await settleCompletion(strapi, enrolment, course) };
  });
}

/**
 * Grades a quiz attempt on the server. The attempt limit holds under concurrent
 * submissions (the n-th attempt has a unique key); the correct answers are revealed
 * once the quiz is passed or the attempts are used up, never before. Throws 404/403
 * (course, not enrolled, quiz of another course), 400 (answers that do not fit the quiz)
 * and 409 (already passed, no attempt left, a concurrent attempt).
 */
export async function attemptQuiz(strapi: Core.Strapi, actor: Actor, courseId: string, quizId: string, input: AttemptInput) {
  const course: Course = await loadCourse(strapi, actor, courseId);
  const enrolment = await loadEnrolment(strapi, actor, course);
  const structure: Structure = await courses(strapi).structure(course);
  const quiz = structure.quizzes.find((q) => q.documentId === quizId);
  if (!quiz) throw new NotFoundError('Ce quiz n’appartient pas à cette formation.');
  checkAnswers(quiz.questions, input.answers);
  const past = (await courses(strapi).achievements(enrolment.id)).attempts.get(quiz.id) ?? { count: 0, best: 0, passed: false, lastAt: null };
  if (past.passed) throw new ConflictError('Vous avez déjà réussi ce quiz.');
  const today = todayInParis();
  const retryDays = quizRetryDays(strapi);
  const round = quizRound({ count: past.count, lastOn: past.lastAt ? parisDate(past.lastAt) : null }, quiz.maxAttempts, retryDays, today);
  if (round.attemptsLeft === 0) {
    throw new ConflictError(`Vous avez utilisé ${attemptsWord(quiz.maxAttempts)} pour ce quiz : vous pourrez réessayer à partir du ${frenchDate(round.retryOn!)}.`, { retryOn: round.retryOn });
  }
  const result = grade(quiz.questions, input.answers);
  const { score, correct } = result;
  const passed = result.passes(quiz.passMark);
  return strapi.db.transaction(async () => {
    try {
      await strapi.documents(ATTEMPT_UID).create({
        data: { enrolment: enrolment.id, quiz: quiz.id, attemptKey: `${enrolment.id}:${quiz.id}:${past.count + 1}`, answers: input.answers, score: Math.floor(score), passed },
      });
    } catch (error) {
      attemptConflicts.rethrow(error);
    }
    const settled = await settleCompletion(strapi, enrolment, course);
    const attemptsLeft = round.attemptsLeft - 1;
    const reveal = passed || attemptsLeft === 0;
    // A round used up without a pass: the next one opens `retryDays` days after today.
    const retryOn = !passed && attemptsLeft === 0 ? addDays(today, retryDays) : null;
    return {
      score,
      right: result.right,
      total: result.total,
      passMark: quiz.passMark,
      passed,
      attemptsLeft,
      retryOn,
      questions: quiz.questions.map((q, i) => ({
        number: i + 1,
        correct: correct[i],
        ...(reveal ? { answer: q.choices.flatMap((c, index) => (c.correct ? [index] : [])) } : {}),
      })),
      courseCompleted: Boolean(settled.completedAt),
    };
  });
}

/**
 * The shape of the answers must match the quiz: one list of choice numbers per question,
 * each question answered. The checks go from what the member most likely did wrong to the
 * least likely (nothing ticked, two ticks on a single-choice question, then a choice the
 * question lacks or one given twice), so that the message names the actual mistake.
 */
function checkAnswers(questions: { kind: 'single' | 'multiple'; choices: unknown[] }[], answers: number[][]) {
  if (answers.length !== questions.length) throw fieldError('answers', `Répondez aux ${questions.length} questions (une liste de choix par question).`);
  answers.forEach((chosen, i) => {
    const q = questions[i];
    const refuse = (message: string) => fieldError(['answers', i], message);
    if (chosen.length === 0) throw refuse(`Répondez à la question ${i + 1}.`);
    if (q.kind === 'single' && chosen.length > 1) throw refuse(`Question ${i + 1} : une seule réponse attendue.`);
    if (chosen.some((index) => index >= q.choices.length)) throw refuse(`Question ${i + 1} : choix inexistant.`);
    if (new Set(chosen).size !== chosen.length) throw refuse(`Question ${i + 1} : un choix est donné deux fois.`);
  });
}

/** The learner rates the course (again: the rating is replaced). Returns the rating; 404/403 as `loadEnrolment`, 409 on a concurrent first rating. */
export async function rateCourse(strapi: Core.Strapi, actor: Actor, courseId: string, input: RatingInput) {
  const course = await loadCourse(strapi, actor, courseId);
  const enrolment = await loadEnrolment(strapi, actor, course);
  return strapi.db.transaction(async () => {
    const existing = await strapi.db.query(RATING_UID).findOne({ where: { ratingKey: String(enrolment.id) } });
    const data = { grade: input.grade, comment: input.comment ?? null };
    if (existing) await strapi.documents(RATING_UID).update({ documentId: existing.documentId, data: data as any }); // plugin content types have no generated input types for updates
    else {
      try {
        await strapi.documents(RATING_UID).create({ data: { ...data, enrolment: enrolment.id, courseDocumentId: course.documentId, ratingKey: String(enrolment.id) } });
      } catch (error) {
        ratingConflicts.rethrow(error);
      }
    }
    return { grade: input.grade, comment: input.comment ?? null };
  });
}
