import { Link } from 'react-router-dom';
import { formatDate, withDe } from '@portal/format';
import { useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { ApiView, Badge, Notice, Page, Section } from '@portal/ui';
import { CourseBadges, CourseProgress, paths, TrainingTabs } from './shared';
import type { MyTraining, Sponsored } from './types';

/**
 * « Mon parcours »: my courses and how far I am (GET /training/me), my sponsor when I am
 * new, and — when I sponsor newcomers — how far they are (GET /training/sponsorships/mine).
 */
export default function JourneyPage() {
  const { me } = useSession();
  if (!me?.member) {
    return (
      <Page title="Mon parcours">
        <TrainingTabs />
        <Notice>
          <p>
            Seuls les adhérents suivent les formations : votre compte n’a pas de fiche d’adhérent. Vous pouvez consulter le{' '}
            <Link to={paths.catalogue}>catalogue des formations</Link>.
          </p>
        </Notice>
      </Page>
    );
  }
  return <MemberJourney />;
}

function MemberJourney() {
  const mine = useApi<MyTraining>('/training/me');
  const sponsored = useApi<Sponsored[]>('/training/sponsorships/mine');
  return (
    <Page title="Mon parcours" intro={<p>Vos formations, votre progression et votre certificat ; votre parrain ou marraine, et les nouveaux adhérents que vous accompagnez.</p>}>
      <TrainingTabs />
      <ApiView state={mine} lines={4}>
        {(data) => (
          <>
            {data.sponsor && (
              <Section title="Mon parrain ou ma marraine">
                <p>
                  <strong>{data.sponsor.name}</strong> vous accompagne depuis le {formatDate(data.sponsor.since)}. N’hésitez pas à lui poser vos questions sur la vie du
                  parti, votre section ou vos formations.
                </p>
              </Section>
            )}
            <Section title="Mes formations">
              {data.enrolments.length === 0 ? (
                <p className="empty">
                  Vous n’êtes inscrit·e à aucune formation pour le moment. <Link to={paths.catalogue}>Parcourir le catalogue</Link>
                </p>
              ) : (
                <ul className="cards">
                  {data.enrolments.map(({ course, enrolment }) => (
                    <li key={course.documentId} className="card training-card">
                      <h3 className="card-title">
                        <Link to={paths.course(course.documentId)}>{course.title}</Link>
                      </h3>
                      <CourseBadges course={course} />
                      <CourseProgress value={enrolment.progress} label={`Progression dans « ${course.title} »`} />
                      <p className="meta">
                        {enrolment.completedAt ? (
                          <>
                            <Badge tone="success">Terminée</Badge> le {formatDate(enrolment.completedAt)}
                            {enrolment.certificateCode && <> · certificat {enrolment.certificateCode}</>}
                          </>
                        ) : (
                          <>
                            <Badge tone="info">En cours</Badge> {enrolment.origin === 'welcome' ? 'inscrit·e à votre arrivée' : 'inscrit·e'} le {formatDate(enrolment.enrolledAt)}
                          </>
                        )}
                      </p>
                      {enrolment.completedAt && enrolment.certificateCode && (
                        <p>
                          <Link to={`${paths.course(course.documentId)}#certificat`}>Télécharger le certificat</Link>
                        </p>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </>
        )}
      </ApiView>
      <Section title="Les nouveaux adhérents que je parraine">
        <ApiView state={sponsored} lines={3} empty="Vous ne parrainez personne pour le moment. Votre section ou votre fédération peut vous proposer d’accompagner un nouvel adhérent.">
          {(list) => (
            <ul className="cards">
              {list.map((s) => (
                <li key={s.sponsorship} className="card training-newcomer">
                  <h3 className="card-title">{s.newcomer.name}</h3>
                  <p className="meta">
                    {s.newcomer.section ? `Section ${s.newcomer.section} · ` : ''}adhérent·e depuis le {formatDate(s.newcomer.joinedOn)} · parrainé·e depuis le {formatDate(s.since)}
                  </p>
                  {s.courses.length === 0 ? (
                    <p className="empty">Inscrit·e à aucune formation pour le moment.</p>
                  ) : (
                    <ul className="training-steps">
                      {s.courses.map((c, i) => (
                        <li key={`${c.title}-${i}`}>
                          <span className="training-step-title">
                            {c.title}
                            <span className="training-step-kind">{c.completedAt ? `Terminée le ${formatDate(c.completedAt)}` : 'En cours'}</span>
                          </span>
                          <CourseProgress value={c.progress} label={`Progression ${withDe(s.newcomer.name)} dans « ${c.title} »`} />
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
        </ApiView>
      </Section>
    </Page>
  );
}
