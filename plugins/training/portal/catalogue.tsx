import { Link, useSearchParams } from 'react-router-dom';
import { formatNumber } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, Page, Pagination } from '@portal/ui';
import { CourseBadges, LEVELS, paths, TrainingTabs } from './shared';
import type { CatalogueCourse, Level } from './types';

const PAGE_SIZE = 12;

function standingBadge(course: CatalogueCourse) {
  if (course.completed) return <Badge tone="success">Terminée</Badge>;
  if (course.enrolled) return <Badge tone="info">En cours</Badge>;
  if (!course.meantForMe) return <Badge tone="warning">Pas ouverte pour vous</Badge>;
  return null;
}

/** « Formations »: the published courses the member may see, by level; level and page live in the URL. */
export default function CataloguePage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const asked = params.get('niveau') ?? '';
  const level = LEVELS.some((l) => l.value === asked) ? (asked as Level) : '';
  const list = useApi<CatalogueCourse[]>('/training/courses', { level: level || undefined, page, pageSize: PAGE_SIZE });
  const update = (next: Record<string, string>) => {
    const merged = { ...Object.fromEntries(params), ...next };
    // Empty values leave the URL: « ?niveau=section », not « ?niveau=section&page= ».
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== '')));
  };

  return (
    <Page title="Formations" intro={<p>Les formations de votre section, de votre fédération et du national : en ligne, à votre rythme.</p>}>
      <TrainingTabs />
      <div className="filters">
        <label htmlFor="niveau">Niveau</label>
        <select id="niveau" value={level} onChange={(e) => update({ niveau: e.target.value, page: '' })}>
          <option value="">Tous les niveaux</option>
          {LEVELS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
      <ApiView state={list} empty={level ? 'Aucune formation à ce niveau pour le moment.' : 'Aucune formation pour le moment.'} lines={6}>
        {(courses, meta) => {
          const total = meta?.pagination?.total ?? courses.length;
          return (
            <>
              <p className="count" aria-live="polite">
                {formatNumber(total)} {total < 2 ? 'formation' : 'formations'}
              </p>
              <ul className="cards">
                {courses.map((course) => (
                  <li key={course.documentId} className="card training-card">
                    <h2 className="card-title">
                      <Link to={paths.course(course.documentId)}>{course.title}</Link>
                    </h2>
                    <CourseBadges course={course} />
                    {standingBadge(course) && <p className="training-status">{standingBadge(course)}</p>}
                    {course.summary && <p>{course.summary}</p>}
                    {course.prerequisites.length > 0 && (
                      <p className="meta">Prérequis : {course.prerequisites.map((p) => p.title).join(', ')}</p>
                    )}
                  </li>
                ))}
              </ul>
              <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={(p) => update({ page: String(p) })} label="Pages du catalogue" />
            </>
          );
        }}
      </ApiView>
    </Page>
  );
}
