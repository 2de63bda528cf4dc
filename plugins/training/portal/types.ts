/** What the training API (`/api/training/…`) sends the portal; see plugins/training/server/src/services/views.ts. */

export type Level = 'national' | 'federation' | 'section';

export interface CourseSummary {
  documentId: string;
  title: string;
  summary: string | null;
  level: Level;
  levelLabel: string;
  organiser: string;
  intendedFor: 'all-members' | 'new-members' | 'elected-officials';
  intendedForLabel: string;
  openToOthers: boolean;
  welcomePath: boolean;
  estimatedHours: number | null;
  prerequisites: { documentId: string; title: string }[];
}

/** A course in the catalogue, with the member's standing. */
export interface CatalogueCourse extends CourseSummary {
  meantForMe: boolean;
  enrolled: boolean;
  completed: boolean;
}

export interface QuizStanding {
  documentId: string;
  attempts: number;
  /** Attempts left in the round now: 0 while waiting for the next round. */
  attemptsLeft: number;
  /** The Paris day the next round of attempts opens, while waiting for it (else null). */
  retryOn: string | null;
  bestScore: number | null;
  passed: boolean;
}

export interface Standing {
  enrolledAt: string;
  origin: 'self' | 'welcome';
  completedAt: string | null;
  certificateCode: string | null;
  /** 0–100 */
  progress: number;
  lessonsDone: string[];
  quizzes: QuizStanding[];
}

export interface Lesson {
  documentId: string;
  title: string;
  required: boolean;
  /** Null when the course is reserved to others (outline only). */
  body: unknown;
  videoUrl: string | null;
  /** `url`: the API's address of the file (`/api/training/courses/…/attachments/:id`), fetched with `download()`. */
  attachments: { id: number; name: string; mime: string; size: number; url: string }[];
}

export interface Question {
  number: number;
  text: string;
  kind: 'single' | 'multiple';
  choices: string[];
}

export interface Quiz {
  documentId: string;
  title: string;
  passMark: number;
  maxAttempts: number;
  /** Without their answers (the API never sends them before submission); empty in an outline. */
  questions: Question[];
}

export interface CourseModule {
  documentId: string;
  position: number;
  title: string;
  lessons: Lesson[];
  quizzes: Quiz[];
}

export interface CourseDetail extends CourseSummary {
  meantForMe: boolean;
  modules: CourseModule[];
  /** With the learner's own rating, to change it. */
  enrolment: (Standing & { rating: { grade: number; comment: string | null } | null }) | null;
}

/** POST …/quizzes/:quizId/attempts */
export interface AttemptResult {
  score: number;
  right: number;
  total: number;
  passMark: number;
  passed: boolean;
  attemptsLeft: number;
  /** This attempt used up the round without a pass: the Paris day the next round opens. */
  retryOn: string | null;
  /** `answer` (the right choices) only once the quiz is passed or the attempts are used up. */
  questions: { number: number; correct: boolean; answer?: number[] }[];
  courseCompleted: boolean;
}

/** GET /training/me */
export interface MyTraining {
  enrolments: { course: CourseSummary; enrolment: Standing }[];
  sponsor: { name: string; since: string } | null;
}

/** GET /training/sponsorships/mine */
export interface Sponsored {
  sponsorship: string;
  since: string;
  newcomer: { documentId: string; name: string; joinedOn: string; section: string | null };
  courses: { title: string; progress: number; completedAt: string | null }[];
}
