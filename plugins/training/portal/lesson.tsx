import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatNumber } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { RichText } from '@portal/rich-text';
import { Badge, Button, DownloadButton, ErrorMessage, Loading, Notice, Page, Section, useFocusOnChange } from '@portal/ui';
import { CourseProgress, paths, reservedTo, stepPath, stepsOf, stepTitle, type Step } from './shared';
import type { CourseDetail, Lesson, Standing } from './types';

/** A lesson: its text (rich text, rendered safely), a video link, « J’ai terminé cette leçon », the way on. */
export default function LessonPage() {
  const { id = '', lessonId = '' } = useParams();
  const course = useApi<CourseDetail>(`/training/courses/${encodeURIComponent(id)}`);
  const back = { to: paths.course(id), label: course.data ? `Retour à « ${course.data.title} »` : 'Retour à la formation' };

  if (course.error) {
    return (
      <Page title={course.error.status === 404 ? 'Leçon introuvable' : 'Leçon inaccessible'} back={back}>
        <ErrorMessage error={course.error} onRetry={course.error.status === 0 ? course.reload : undefined} />
      </Page>
    );
  }
  if (!course.data) return <Loading lines={8} />;
  const data = course.data;
  const steps = stepsOf(data);
  const index = steps.findIndex((s) => s.kind === 'lesson' && s.lesson.documentId === lessonId);
  if (index < 0) {
    return (
      <Page title="Leçon introuvable" back={back}>
        <ErrorMessage error="Cette leçon n’appartient pas à cette formation." />
      </Page>
    );
  }
  const step = steps[index] as Extract<Step, { kind: 'lesson' }>;
  return (
    <LessonView
      key={lessonId}
      course={data}
      lesson={step.lesson}
      moduleTitle={data.modules[step.module].title}
      position={index + 1}
      count={steps.length}
      previous={steps[index - 1]}
      next={steps[index + 1]}
      back={back}
      reload={course.reload}
    />
  );
}

function LessonView(props: {
  course: CourseDetail;
  lesson: Lesson;
  moduleTitle: string;
  position: number;
  count: number;
  previous?: Step;
  next?: Step;
  back: { to: string; label: string };
  reload: () => void;
}) {
  const { course, lesson, previous, next } = props;
  const action = useAction<Standing>();
  const [completed, setCompleted] = useState<Standing>();
  const standing = completed ?? course.enrolment;
  const done = !!standing?.lessonsDone.includes(lesson.documentId);
  // The lesson done moves focus to its notice; a refusal is announced (role="alert"), focus left on the button.
  const statusRef = useFocusOnChange<HTMLDivElement>(completed);

  const markDone = async () => {
    const result = await action.run(`/training/courses/${encodeURIComponent(course.documentId)}/lessons/${encodeURIComponent(lesson.documentId)}/done`, { method: 'POST', body: {} });
    if (result) {
      setCompleted(result.data);
      props.reload();
    }
  };

  return (
    <Page title={lesson.title} back={props.back}>
      <p className="meta">
        {course.title} · {props.moduleTitle} · étape {formatNumber(props.position)} sur {formatNumber(props.count)}
        {!lesson.required && (
          <>
            {' '}
            <Badge>Facultative</Badge>
          </>
        )}
      </p>
      {standing && <CourseProgress value={standing.progress} label={`Progression dans « ${course.title} »`} caption="Ma progression" />}
      {!course.meantForMe ? (
        <Notice kind="warning">
          <p>Cette formation est {reservedTo(course)} : ses leçons ne vous sont pas ouvertes.</p>
        </Notice>
      ) : (
        <>
          {Array.isArray(lesson.body) && lesson.body.length > 0 ? <RichText content={lesson.body} /> : <p className="empty">Cette leçon n’a pas encore de texte.</p>}
          {lesson.videoUrl && /^https:\/\//.test(lesson.videoUrl) && (
            <p>
              <a href={lesson.videoUrl} rel="noopener noreferrer" target="_blank">
                Voir la vidéo de la leçon (nouvel onglet)
              </a>
            </p>
          )}
          {lesson.attachments.length > 0 && (
            <Section title="Documents de la leçon">
              <ul className="compact-list">
                {lesson.attachments.map((file) => (
                  <Attachment key={file.id} file={file} />
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
      <div ref={statusRef} tabIndex={-1} className="training-status">
        {!standing ? (
          course.meantForMe && (
            <Notice>
              <p>
                <Link to={paths.course(course.documentId)}>Inscrivez-vous à la formation</Link> pour enregistrer votre progression.
              </p>
            </Notice>
          )
        ) : done ? (
          <Notice kind="success">
            <p>{completed ? 'Leçon terminée : votre progression est enregistrée.' : 'Vous avez terminé cette leçon.'}</p>
            {completed?.completedAt && (
              <p>
                Vous avez terminé la formation ! <Link to={`${paths.course(course.documentId)}#certificat`}>Voir mon certificat</Link>
              </p>
            )}
          </Notice>
        ) : (
          <div className="actions">
            <Button onClick={markDone} pending={action.pending}>
              J’ai terminé cette leçon
            </Button>
          </div>
        )}
        {action.error && <ErrorMessage error={action.error} />}
      </div>
      <nav className="training-pager" aria-label="Étapes de la formation">
        {previous ? <Link to={stepPath(course.documentId, previous)}>← Précédent : {stepTitle(previous)}</Link> : <span />}
        {next ? (
          <Link to={stepPath(course.documentId, next)}>Suivant : {stepTitle(next)} →</Link>
        ) : (
          <Link to={paths.course(course.documentId)}>Retour au programme →</Link>
        )}
      </nav>
    </Page>
  );
}

/** A file of the lesson, downloaded through the API (which checks the reader's right to it). */
function Attachment({ file }: { file: Lesson['attachments'][number] }) {
  return (
    <li>
      <DownloadButton path={file.url} name={file.name}>
        Télécharger « {file.name} »
      </DownloadButton>{' '}
      <span className="meta">({formatNumber(Math.max(1, Math.round(file.size)))} Ko)</span>
    </li>
  );
}
