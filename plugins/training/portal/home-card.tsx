import { Link } from 'react-router-dom';
import { useApi } from '@portal/hooks';
import { ApiView, Section } from '@portal/ui';
import { CourseProgress, paths } from './shared';
import type { CatalogueCourse, MyTraining } from './types';

/** Suggestions when nothing is in progress: courses meant for me that I have not taken. */
function Suggestions({ load }: { load: boolean }) {
  const courses = useApi<CatalogueCourse[]>(load ? '/training/courses' : null, { pageSize: 10 });
  if (!load) return null;
  return (
    <>
      <p>Aucune formation en cours. À découvrir :</p>
      <ApiView state={courses} lines={2} isEmpty={(list) => !list.some((c) => c.meantForMe && !c.enrolled)} empty="Pas de nouvelle formation pour vous en ce moment.">
        {(list) => (
          <ul className="compact-list">
            {list
              .filter((c) => c.meantForMe && !c.enrolled)
              .slice(0, 3)
              .map((c) => (
                <li key={c.documentId}>
                  <Link to={paths.course(c.documentId)}>{c.title}</Link> <span className="meta">· {c.organiser}</span>
                </li>
              ))}
          </ul>
        )}
      </ApiView>
    </>
  );
}

/** « Mes formations » on the home page: courses in progress, my sponsor, or suggestions. */
export default function TrainingHomeCard() {
  const mine = useApi<MyTraining>('/training/me');
  const inProgress = mine.data?.enrolments.filter((e) => !e.enrolment.completedAt) ?? [];
  return (
    <Section title="Mes formations">
      <ApiView state={mine} lines={3}>
        {(data) => (
          <>
            {data.sponsor && (
              <p>
                Votre parrain ou marraine : <strong>{data.sponsor.name}</strong>.
              </p>
            )}
            {inProgress.length > 0 && (
              <ul className="training-steps">
                {inProgress.slice(0, 3).map(({ course, enrolment }) => (
                  <li key={course.documentId}>
                    <span className="training-step-title">
                      <Link to={paths.course(course.documentId)}>{course.title}</Link>
                    </span>
                    <CourseProgress value={enrolment.progress} label={`Progression dans « ${course.title} »`} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </ApiView>
      <Suggestions load={!!mine.data && inProgress.length === 0} />
      <p className="actions">
        <Link to={paths.journey}>Mon parcours</Link>
        <Link to={paths.catalogue}>Toutes les formations</Link>
      </p>
    </Section>
  );
}
