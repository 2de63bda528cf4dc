import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDate, formatNumber, formatPercent } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { Badge, Button, ChoiceGroup, ErrorMessage, ErrorSummary, Loading, Notice, Page, Section, useFocusOnChange } from '@portal/ui';
import { attemptsLeftText, CourseProgress, paths, reservedTo, stepPath, stepsOf, stepTitle, type Step } from './shared';
import type { AttemptResult, CourseDetail, Question, Quiz } from './types';

/** A score as the API computes it (exact), shown rounded down: 66,7 % is never shown as a 67 % pass. */
const scoreText = (score: number) => formatPercent(Math.floor(score) / 100);

/**
 * A quiz: the questions come without their answers (the API keeps them until the quiz is
 * passed or the attempts are used up); the member ticks, submits, and reads the score, what
 * was right or wrong and — once the API reveals them — the right answers.
 */
export default function QuizPage() {
  const { id = '', quizId = '' } = useParams();
  const course = useApi<CourseDetail>(`/training/courses/${encodeURIComponent(id)}`);
  const back = { to: paths.course(id), label: course.data ? `Retour à « ${course.data.title} »` : 'Retour à la formation' };

  if (course.error) {
    return (
      <Page title={course.error.status === 404 ? 'Quiz introuvable' : 'Quiz inaccessible'} back={back}>
        <ErrorMessage error={course.error} onRetry={course.error.status === 0 ? course.reload : undefined} />
      </Page>
    );
  }
  if (!course.data) return <Loading lines={8} />;
  const steps = stepsOf(course.data);
  const index = steps.findIndex((s) => s.kind === 'quiz' && s.quiz.documentId === quizId);
  if (index < 0) {
    return (
      <Page title="Quiz introuvable" back={back}>
        <ErrorMessage error="Ce quiz n’appartient pas à cette formation." />
      </Page>
    );
  }
  const step = steps[index] as Extract<Step, { kind: 'quiz' }>;
  return <QuizView key={quizId} course={course.data} quiz={step.quiz} next={steps[index + 1]} back={back} reload={course.reload} />;
}

function QuizView({ course, quiz, next, back, reload }: { course: CourseDetail; quiz: Quiz; next?: Step; back: { to: string; label: string }; reload: () => void }) {
  const action = useAction<AttemptResult>();
  const [answers, setAnswers] = useState<number[][]>(() => quiz.questions.map(() => []));
  const [missing, setMissing] = useState<number[]>([]);
  const [result, setResult] = useState<AttemptResult>();
  const [submitted, setSubmitted] = useState<number[][]>([]);
  const [tries, setTries] = useState(0);
  // Each submission: the summary of unanswered questions is mounted anew, so that the same one is announced again.
  const [submissions, setSubmissions] = useState(0);
  const formRef = useFocusOnChange<HTMLParagraphElement>(tries);
  // The result replaces the form (its button gone): focus goes to it.
  const resultRef = useFocusOnChange<HTMLDivElement>(result);
  const standing = course.enrolment;
  const mine = standing?.quizzes.find((q) => q.documentId === quiz.documentId);
  const fieldErrors = action.error?.fieldErrors ?? {};
  // A refusal of one question's answers shows beside it (and goes once they change); any other above the button.
  const besideQuestions = Object.keys(fieldErrors).length > 0 && Object.keys(fieldErrors).every((key) => /^answers\.\d+$/.test(key));
  const intro = (
    <p>
      {quiz.questions.length < 2 ? '1 question' : `${formatNumber(quiz.questions.length)} questions`} · réussite à partir de {formatNumber(quiz.passMark)} % de bonnes
      réponses · {quiz.maxAttempts < 2 ? '1 essai autorisé' : `${formatNumber(quiz.maxAttempts)} essais autorisés`}
    </p>
  );

  const choose = (question: number, choice: number, kind: Question['kind'], checked: boolean) => {
    setAnswers((current) =>
      current.map((chosen, i) => {
        if (i !== question) return chosen;
        if (kind === 'single') return [choice];
        return checked ? [...chosen, choice].sort((a, b) => a - b) : chosen.filter((c) => c !== choice);
      })
    );
    setMissing((current) => current.filter((i) => i !== question));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const unanswered = answers.flatMap((chosen, i) => (chosen.length ? [] : [i]));
    setSubmissions((n) => n + 1);
    setMissing(unanswered);
    if (unanswered.length) return;
    const sent = answers.map((a) => [...a]);
    const done = await action.run(`/training/courses/${encodeURIComponent(course.documentId)}/quizzes/${encodeURIComponent(quiz.documentId)}/attempts`, { method: 'POST', body: { answers: sent } });
    if (done) {
      setSubmitted(sent);
      setResult(done.data);
      reload();
    }
  };

  const again = () => {
    setResult(undefined);
    setAnswers(quiz.questions.map(() => []));
    setTries((n) => n + 1); // focus goes back to the top of the form
    action.clearError();
  };

  let body;
  if (!course.meantForMe) {
    body = (
      <Notice kind="warning">
        <p>Cette formation est {reservedTo(course)} : ses quiz ne vous sont pas ouverts.</p>
      </Notice>
    );
  } else if (!standing) {
    body = (
      <Notice>
        <p>
          <Link to={paths.course(course.documentId)}>Inscrivez-vous à la formation</Link> pour passer ce quiz.
        </p>
      </Notice>
    );
  } else if (result) {
    body = (
      <>
        <div ref={resultRef} tabIndex={-1}>
          <Section title="Mon résultat">
            <Notice kind={result.passed ? 'success' : 'warning'}>
              <p>
                <strong>{result.passed ? 'Quiz réussi !' : 'Quiz non réussi.'}</strong> Score : {scoreText(result.score)} ({formatNumber(result.right)} bonne
                {result.right < 2 ? '' : 's'} réponse{result.right < 2 ? '' : 's'} sur {formatNumber(result.total)}) ; il fallait {formatNumber(result.passMark)} %.
              </p>
              {!result.passed && (
                <p>
                  {attemptsLeftText(result.attemptsLeft)}
                  {result.retryOn ? ` : vous pourrez réessayer à partir du ${formatDate(result.retryOn)}, après avoir revu les leçons.` : '.'}
                </p>
              )}
              {result.courseCompleted && (
                <p>
                  Vous avez terminé la formation ! <Link to={`${paths.course(course.documentId)}#certificat`}>Voir et télécharger mon certificat</Link>
                </p>
              )}
            </Notice>
            {!result.questions.some((q) => q.answer) && (
              <p className="hint">Les bonnes réponses s’affichent quand le quiz est réussi ou que tous les essais sont utilisés.</p>
            )}
            <div className="actions">
              {!result.passed && result.attemptsLeft > 0 && (
                <Button kind="primary" onClick={again}>
                  Faire un nouvel essai
                </Button>
              )}
              {result.passed && next && (
                <Link className="button button-primary training-button-link" to={stepPath(course.documentId, next)}>
                  Suivant : {stepTitle(next)}
                </Link>
              )}
              <Link className="button button-secondary training-button-link" to={paths.course(course.documentId)}>
                Retour au programme
              </Link>
            </div>
          </Section>
        </div>
        <Section title="Correction">
          <ol className="training-review">
            {quiz.questions.map((question, i) => {
              const verdict = result.questions[i];
              const yours = (submitted[i] ?? []).map((c) => question.choices[c]).filter(Boolean);
              const right = verdict?.answer?.map((c) => question.choices[c]).filter(Boolean);
              return (
                <li key={question.number} className={verdict?.correct ? 'right' : 'wrong'}>
                  <p>
                    <strong>
                      Question {formatNumber(question.number)} : {question.text}
                    </strong>
                  </p>
                  <p>{verdict?.correct ? <Badge tone="success">✓ Bonne réponse</Badge> : <Badge tone="danger">✗ Réponse inexacte</Badge>}</p>
                  <p className="training-answer">Votre réponse : {yours.join(' ; ') || '—'}</p>
                  {right && !verdict.correct && (
                    <div>
                      <p>{right.length < 2 ? 'La bonne réponse :' : 'Les bonnes réponses :'}</p>
                      <ul>
                        {right.map((text) => (
                          <li key={text}>{text}</li>
                        ))}
                      </ul>
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        </Section>
      </>
    );
  } else if (mine?.passed) {
    body = (
      <Notice kind="success">
        <p>
          Vous avez réussi ce quiz{mine.bestScore != null ? ` (meilleur score : ${scoreText(mine.bestScore)})` : ''}.
        </p>
        <p>{next ? <Link to={stepPath(course.documentId, next)}>Suivant : {stepTitle(next)}</Link> : <Link to={paths.course(course.documentId)}>Retour au programme</Link>}</p>
      </Notice>
    );
  } else if (mine && mine.attemptsLeft <= 0) {
    body = (
      <Notice kind="warning">
        <p>
          Vous avez utilisé {quiz.maxAttempts < 2 ? 'votre essai' : `vos ${formatNumber(quiz.maxAttempts)} essais`} sans atteindre {formatNumber(quiz.passMark)} %
          {mine.bestScore != null ? ` (meilleur score : ${scoreText(mine.bestScore)})` : ''}.
          {mine.retryOn ? ` Vous pourrez réessayer à partir du ${formatDate(mine.retryOn)} : d’ici là, revoyez les leçons.` : ''}
        </p>
      </Notice>
    );
  } else if (quiz.questions.length === 0) {
    body = <p className="empty">Ce quiz n’a pas encore de questions.</p>;
  } else {
    body = (
      <form onSubmit={submit} noValidate>
        <p ref={formRef} tabIndex={-1}>
          <strong>{attemptsLeftText(mine?.attemptsLeft ?? quiz.maxAttempts)}</strong>
          {mine?.bestScore != null && mine.attempts > 0 && <> · meilleur score jusqu’ici : {scoreText(mine.bestScore)}</>}
        </p>
        {quiz.questions.map((question, i) => (
          <QuestionField
            key={question.number}
            question={question}
            chosen={answers[i]}
            error={missing.includes(i) ? (question.kind === 'single' ? 'Choisissez une réponse.' : 'Cochez au moins une réponse.') : fieldErrors[`answers.${i}`]}
            onChoose={(choice, checked) => choose(i, choice, question.kind, checked)}
          />
        ))}
        {/* The one announcement of unanswered questions (the questions' own messages are then only described); focus goes to the first. */}
        {missing.length > 0 && (
          <ErrorSummary key={submissions}>
            Répondez à toutes les questions avant de valider ({missing.length < 2 ? 'question' : 'questions'} {missing.map((i) => formatNumber(i + 1)).join(', ')}).
          </ErrorSummary>
        )}
        {/* A refusal of no question (a 403, a 503) is announced (role="alert"), focus left on the button. */}
        {action.error && !missing.length && !besideQuestions && <ErrorMessage error={action.error} />}
        <Button type="submit" pending={action.pending}>
          Valider mes réponses
        </Button>
      </form>
    );
  }

  return (
    <Page title={quiz.title} back={back} intro={intro}>
      {standing && <CourseProgress value={standing.progress} label={`Progression dans « ${course.title} »`} caption="Ma progression" />}
      {body}
    </Page>
  );
}

/** One question: its choices as radio buttons (one answer) or checkboxes (several), its error gone once the member changes them. */
function QuestionField({ question, chosen, error, onChoose }: { question: Question; chosen: number[]; error?: string; onChoose: (choice: number, checked: boolean) => void }) {
  return (
    <ChoiceGroup
      className="training-question"
      legend={`Question ${formatNumber(question.number)} : ${question.text}`}
      hint={question.kind === 'single' ? 'Une seule réponse.' : 'Plusieurs réponses possibles : cochez toutes les bonnes.'}
      value={chosen}
      error={error}
    >
      {question.choices.map((choice, c) => (
        <label className="training-choice" key={c}>
          <input
            type={question.kind === 'single' ? 'radio' : 'checkbox'}
            name={`question-${question.number}`}
            value={c}
            checked={chosen.includes(c)}
            onChange={(e) => onChoose(c, e.target.checked)}
          />
          <span>{choice}</span>
        </label>
      ))}
    </ChoiceGroup>
  );
}
