import { Link } from 'react-router-dom';
import { useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { ApiView, Section } from '@portal/ui';
import { nothingInProgress, SUGGESTIONS_QUERY } from './home-reads';
import { CourseProgress, paths } from './shared';
import type { CatalogueCourse, MyTraining, Sponsored } from './types';

/** Suggestions when nothing is in progress: courses meant for me that I have not taken. */
function Suggestions({ load }: { load: boolean }) {
  const courses = useApi<CatalogueCourse[]>(load ? '/training/courses' : null, SUGGESTIONS_QUERY);
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
  const { me } = useSession();
  if (!me?.member) {
    // An account without a member profile (national administration): nothing to follow, the catalogue to read.
    return (
      <Section title="Formations">
        <p>Les formations sont suivies par les adhérents. Vous pouvez en consulter le catalogue.</p>
        <p>
          <Link to={paths.catalogue}>Toutes les formations</Link>
        </p>
      </Section>
    );
  }
  return <MemberCard />;
}

function MemberCard() {
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
      <Suggestions load={!!mine.data && nothingInProgress(mine.data)} />
      <Newcomers />
      <p className="actions">
        <Link to={paths.journey}>Mon parcours</Link>
        <Link to={paths.catalogue}>Toutes les formations</Link>
      </p>
    </Section>
  );
}

/** A sponsor's newcomers, one line (their progress is on « Mon parcours »); nothing when none. */
function Newcomers() {
  const sponsored = useApi<Sponsored[]>('/training/sponsorships/mine');
  const list = sponsored.data ?? [];
  if (!list.length) return null;
  return (
    <p>
      {list.length < 2 ? 'Vous parrainez ' : `Vous parrainez ${list.length} nouveaux adhérents : `}
      {list.map((s, i) => (
        <span key={s.sponsorship}>
          {i > 0 && ', '}
          <strong>{s.newcomer.name}</strong>
        </span>
      ))}
      . <Link to={paths.journey}>{list.length < 2 ? 'Voir sa progression' : 'Voir leur progression'}</Link>
    </p>
  );
}
