import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { download } from '@portal/api';
import { formatDate, formatNumber } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { SkillSuggestions } from '@portal/skill-suggestions';
import { Badge, Button, ChoiceGroup, ErrorMessage, Loading, Notice, Page, Section, SuccessNotice, TextArea, useFocusOnChange, useSuccess } from '@portal/ui';
import { attemptsLeftText, CourseBadges, reservedTo, CourseProgress, paths, stepDone, stepPath, stepsOf, stepTitle } from './shared';
import type { CourseDetail, Standing } from './types';
import { certificateCheckPath } from '../server/src/domain/links';

const back = { to: paths.catalogue, label: 'Toutes les formations' };

/** A course: what it is, its programme, my progress, and — once done — the certificate; my rating. */
export default function CoursePage() {
  const { id = '' } = useParams();
  const course = useApi<CourseDetail>(`/training/courses/${encodeURIComponent(id)}`);
  const [enrolled, setEnrolled] = useState(false);
  const { me } = useSession();
  const { hash } = useLocation();
  const loaded = !!course.data;

  // « #certificat », « #lecon-… » (search results): once the course is on screen, go there
  // (after the shell has moved focus to the page title).
  useEffect(() => {
    if (!loaded || !hash) return;
    const timer = setTimeout(() => document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView({ block: 'start' }), 120);
    return () => clearTimeout(timer);
  }, [loaded, hash]);

  if (course.error) {
    return (
      <Page title={course.error.status === 404 ? 'Formation introuvable' : 'Formation inaccessible'} back={back}>
        <ErrorMessage error={course.error} onRetry={course.error.status === 0 ? course.reload : undefined} />
      </Page>
    );
  }
  if (!course.data) return <Loading lines={6} />;
  const data = course.data;
  const standing = data.enrolment;

  return (
    <Page title={data.title} back={back}>
      <CourseBadges course={data} />
      {data.summary && <p className="lead">{data.summary}</p>}
      {data.prerequisites.length > 0 && (
        <Section title="Prérequis">
          <p>Pour vous inscrire, terminez d’abord :</p>
          <ul className="compact-list">
            {data.prerequisites.map((p) => (
              <li key={p.documentId}>
                <Link to={paths.course(p.documentId)}>{p.title}</Link>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {standing ? (
        <MyProgress course={data} standing={standing} justEnrolled={enrolled} />
      ) : (
        <Enrol
          course={data}
          onEnrolled={() => {
            setEnrolled(true);
            course.reload();
          }}
        />
      )}
      {standing?.completedAt && standing.certificateCode && <Certificate courseId={data.documentId} standing={standing} />}
      <Programme course={data} />
      {standing && (standing.completedAt || standing.progress > 0) && <Rating courseId={data.documentId} current={standing.rating} />}
      {(me?.role === 'federation-staff' || me?.role === 'national-admin') && (
        <SkillSuggestions
          title="Trouver un formateur"
          intro="Les adhérents de votre fédération qui ont déclaré cette compétence et la montrent à l’équipe fédérale, les plus proches du lieu de la formation d’abord. La recherche est enregistrée au journal."
          path={`/training/courses/${encodeURIComponent(data.documentId)}/trainer-suggestions`}
        />
      )}
    </Page>
  );
}

function Enrol({ course, onEnrolled }: { course: CourseDetail; onEnrolled: () => void }) {
  const action = useAction();
  if (!course.meantForMe) {
    return (
      <Notice kind="warning">
        <p>Cette formation est {reservedTo(course)} : vous pouvez en consulter le programme, mais pas la suivre.</p>
      </Notice>
    );
  }
  return (
    <Section title="S’inscrire">
      <p>Inscrivez-vous pour suivre les leçons, passer les quiz et obtenir le certificat. Votre progression est enregistrée au fil de l’eau.</p>
      <Button
        pending={action.pending}
        onClick={async () => {
          if (await action.run(`/training/courses/${encodeURIComponent(course.documentId)}/enrolment`, { method: 'POST', body: {} })) onEnrolled();
        }}
      >
        S’inscrire à la formation
      </Button>
      {/* No field to mend (a prerequisite not done, a 409): announced (role="alert"), focus left on the button. */}
      {action.error && (
        <div className="training-status">
          <ErrorMessage error={action.error} />
        </div>
      )}
    </Section>
  );
}

function MyProgress({ course, standing, justEnrolled }: { course: CourseDetail; standing: Standing; justEnrolled: boolean }) {
  // The button pressed is gone (this section replaces « S’inscrire »): focus goes to the notice.
  const noticeRef = useFocusOnChange<HTMLDivElement>(justEnrolled);
  const steps = stepsOf(course);
  const next = steps.find((step) => !stepDone(standing, step) && (step.kind === 'quiz' || step.lesson.required));
  return (
    <Section title="Ma progression">
      {justEnrolled && (
        <div ref={noticeRef} tabIndex={-1}>
          <Notice kind="success">
            <p>Vous êtes inscrit·e à cette formation.</p>
          </Notice>
        </div>
      )}
      <CourseProgress value={standing.progress} label={`Progression dans « ${course.title} »`} />
      <p className="meta">
        {standing.origin === 'welcome' ? `Inscrit·e à votre arrivée, le ${formatDate(standing.enrolledAt)}` : `Inscrit·e le ${formatDate(standing.enrolledAt)}`}
        {standing.completedAt && ` · terminée le ${formatDate(standing.completedAt)}`}
      </p>
      {!standing.completedAt && next && (
        <p>
          <Link className="button button-primary training-button-link" to={stepPath(course.documentId, next)}>
            {standing.progress > 0 ? 'Continuer' : 'Commencer'} : {stepTitle(next)}
          </Link>
        </p>
      )}
    </Section>
  );
}

function Certificate({ courseId, standing }: { courseId: string; standing: Standing }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const code = standing.certificateCode!;
  return (
    <Section title="Mon certificat" id="certificat">
      <p>Bravo : vous avez terminé cette formation le {formatDate(standing.completedAt)}.</p>
      <p>
        Code du certificat :<span className="training-certificate-code">{code}</span>
      </p>
      <p className="hint">
        Ce code permet à quiconque de vérifier votre certificat auprès du parti, sans compte :{' '}
        <Link to={certificateCheckPath(code)}>page de vérification de ce certificat</Link> (son adresse figure sur le PDF).
      </p>
      <div className="actions training-status">
        <Button
          pending={pending}
          onClick={async () => {
            setError(undefined);
            setPending(true);
            try {
              await download(`/training/courses/${encodeURIComponent(courseId)}/certificate`, `certificat-${code}.pdf`);
            } catch (caught) {
              setError((caught as Error).message);
            } finally {
              setPending(false);
            }
          }}
        >
          Télécharger le certificat (PDF)
        </Button>
      </div>
      {error && <ErrorMessage error={error} />}
    </Section>
  );
}

function Programme({ course }: { course: CourseDetail }) {
  const standing = course.enrolment;
  const open = course.meantForMe;
  return (
    <Section title="Programme">
      {course.modules.length === 0 && <p className="empty">Le programme de cette formation n’est pas encore en ligne.</p>}
      {course.modules.map((module) => (
        <div className="training-module" key={module.documentId}>
          <h3>
            Module {formatNumber(module.position)} · {module.title}
          </h3>
          {module.lessons.length + module.quizzes.length === 0 ? (
            <p className="empty">Ce module est encore vide.</p>
          ) : (
            <ul className="training-steps">
              {module.lessons.map((lesson) => {
                const done = standing?.lessonsDone.includes(lesson.documentId);
                return (
                  <li key={lesson.documentId} id={`lecon-${lesson.documentId}`}>
                    <span className="training-step-title">
                      <span className="training-step-kind">{lesson.required ? 'Leçon' : 'Leçon facultative'}</span>
                      {open ? <Link to={paths.lesson(course.documentId, lesson.documentId)}>{lesson.title}</Link> : lesson.title}
                    </span>
                    {standing && (done ? <Badge tone="success">Lue</Badge> : <Badge>À lire</Badge>)}
                  </li>
                );
              })}
              {module.quizzes.map((quiz) => {
                const mine = standing?.quizzes.find((q) => q.documentId === quiz.documentId);
                return (
                  <li key={quiz.documentId} id={`quiz-${quiz.documentId}`}>
                    <span className="training-step-title">
                      <span className="training-step-kind">
                        Quiz · réussite à {formatNumber(quiz.passMark)} % · {quiz.maxAttempts < 2 ? '1 essai' : `${formatNumber(quiz.maxAttempts)} essais`}
                      </span>
                      {open ? <Link to={paths.quiz(course.documentId, quiz.documentId)}>{quiz.title}</Link> : quiz.title}
                    </span>
                    {mine &&
                      (mine.passed ? (
                        <Badge tone="success">Réussi</Badge>
                      ) : mine.attemptsLeft <= 0 ? (
                        <Badge tone="danger">{mine.retryOn ? `Non réussi · nouvel essai le ${formatDate(mine.retryOn)}` : 'Non réussi'}</Badge>
                      ) : (
                        <Badge>{mine.attempts ? `À refaire · ${attemptsLeftText(mine.attemptsLeft)}` : 'À passer'}</Badge>
                      ))}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ))}
    </Section>
  );
}

const GRADES = ['Pas utile', 'Peu utile', 'Utile', 'Très utile', 'Excellente'];

/** Rating the course, 1 to 5 with a comment (sent again, it replaces the earlier one). */
function Rating({ courseId, current }: { courseId: string; current: { grade: number; comment: string | null } | null }) {
  const action = useAction();
  const [grade, setGrade] = useState<number | undefined>(current?.grade);
  const [comment, setComment] = useState(current?.comment ?? '');
  const [given, setGiven] = useState(current);
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useSuccess();
  const errors = action.error?.fieldErrors ?? {};
  // A refusal of a field takes focus there (ChoiceGroup, TextArea); any other (role="alert") and
  // the thanks (role="status") are announced below the form, focus left on the button: the form stays.
  const gradeError = missing ? 'Choisissez une note de 1 à 5.' : errors.grade;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (!grade) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const done = await action.run(`/training/courses/${encodeURIComponent(courseId)}/rating`, { method: 'PUT', body: { grade, comment: comment.trim() || undefined } });
    if (done) {
      setSaved(<p>Merci : votre avis est enregistré.</p>);
      setGiven({ grade, comment: comment.trim() || null });
    }
  };

  return (
    <Section title="Mon avis sur la formation">
      <p>
        {given
          ? `Vous avez donné la note de ${given.grade} sur 5. Vous pouvez changer votre avis à tout moment.`
          : 'Votre avis aide votre fédération à améliorer ses formations. Vous pourrez le changer à tout moment.'}
      </p>
      <form onSubmit={submit} noValidate>
        <ChoiceGroup legend="Ma note (de 1 à 5)" value={grade} error={gradeError}>
          <div className="training-stars">
            {GRADES.map((label, i) => (
              <label className="training-choice" key={label}>
                <input type="radio" name="note" value={i + 1} checked={grade === i + 1} onChange={() => setGrade(i + 1)} />
                <span>
                  {i + 1} – {label}
                </span>
              </label>
            ))}
          </div>
        </ChoiceGroup>
        <TextArea label="Commentaire (facultatif)" hint="2 000 caractères au plus." maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} error={errors.comment} />
        <Button type="submit" pending={action.pending}>
          Enregistrer mon avis
        </Button>
      </form>
      <div className="training-status">
        <SuccessNotice success={saved} />
        {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
      </div>
    </Section>
  );
}
