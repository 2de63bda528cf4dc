import { useMemo, useState } from 'react';
import { Badge, Box, Button, Checkbox, Flex, Grid, Link, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink, useParams } from 'react-router-dom';
import { count, useWorkbenchAction, useWorkbenchData, type ContributionRow, type ProposalRow } from '../api';
import { frenchPercent } from '../../../../shared/src/numbers';

interface WorkbenchData {
  consultation: { documentId: string; title: string; phase: string; phaseLabel: string };
  unassigned: ContributionRow[];
  /** « Add to proposal P », learnt from the proposals formed so far. */
  placements: { contribution: ContributionRow; proposal: { documentId: string; title: string }; confidence: number; calibrated: boolean; shared: string[]; concepts: string[] }[];
  suggestions: { keywords: string[]; concepts: string[]; cohesion: number; confidence: number; contributions: ContributionRow[] }[];
  proposals: ProposalRow[];
  statistics: { contributions: { total: number; submitted: number; unassigned: number }; participation: { eligible: number; contributed: number } };
}

const NEXT: Record<string, string> = {
  draft: 'Publier le calendrier',
  upcoming: 'Ouvrir les contributions',
  contribution: 'Clore les contributions',
  analysis: 'Ouvrir l’évaluation',
  evaluation: 'Ouvrir le vote',
  vote: 'Clore le vote',
};

const excerpt = (text: string) => (text.length > 180 ? `${text.slice(0, 179)}…` : text);

/**
 * « confiance 82,4 % » (the shared `frenchPercent`, one decimal, as the portal writes shares) and
 * its colour: strong, fair, weak (fair in dark text: warning700 on its tint is below WCAG AA's 4.5:1). A suggestion's confidence. Calibrated (« add to proposal » once staff have placed enough
 * contributions): the estimated chance that it is right. Otherwise an indication for ranking.
 */
const Confidence = ({ value, calibrated = false }: { value: number; calibrated?: boolean }) => (
  <Badge
    backgroundColor={value >= 0.75 ? 'success100' : value >= 0.5 ? 'warning100' : 'neutral150'}
    textColor={value >= 0.75 ? 'success700' : value >= 0.5 ? 'neutral800' : 'neutral700'}
    title={calibrated ? 'Chance estimée que la suggestion soit juste, mesurée sur les contributions déjà placées' : 'Indication pour classer les suggestions : trop peu de contributions placées pour estimer une chance'}
  >{`confiance ${frenchPercent(value, 1)}`}</Badge>
);

/** What ties the texts: the concepts of the vocabulary, then the shared words. */
const reasons = (concepts: string[], words: string[]) =>
  [...concepts.map((c) => `« ${c} »`), ...words].join(' · ') || 'formulations proches';

/** Grouping workbench: unassigned contributions, suggested groups, proposals and their sources. */
export const Workbench = () => {
  const { id } = useParams<{ id: string }>();
  const base = `/consultations/workbench/${id}`;
  const { data, reload } = useWorkbenchData<WorkbenchData>(base);
  const { run, busy } = useWorkbenchAction();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [title, setTitle] = useState('');
  const [mergeTarget, setMergeTarget] = useState<Record<string, string>>({});
  const active = useMemo(() => (data?.proposals ?? []).filter((p) => p.state === 'active'), [data]);

  if (!data) return <Page.Loading />;
  const analysis = data.consultation.phase === 'analysis';
  const toggle = (documentId: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(documentId);
      else next.delete(documentId);
      return next;
    });
  const done = async () => {
    setSelected(new Set());
    setTitle('');
    await reload();
  };

  return (
    <Page.Main>
      <Page.Title>{`Atelier — ${data.consultation.title}`}</Page.Title>
      <Layouts.Header
        title={data.consultation.title}
        subtitle={`${count(data.statistics.contributions.submitted, 'contribution')}, dont ${data.unassigned.length} à regrouper · ${count(active.length, 'proposition')}`}
        navigationAction={<Link tag={NavLink} to="..">Toutes les consultations</Link>}
        primaryAction={
          NEXT[data.consultation.phase] ? (
            <Button loading={busy} onClick={() => run(`${base}/advance`, { from: data.consultation.phase }, 'Phase suivante ouverte.', reload)}>
              {NEXT[data.consultation.phase]}
            </Button>
          ) : undefined
        }
        secondaryAction={<Badge>{data.consultation.phaseLabel}</Badge>}
      />
      <Layouts.Content>
        {!analysis && (
          <Box padding={4} marginBottom={4} background="warning100" hasRadius>
            <Typography>Le regroupement se fait pendant la phase « Analyse et regroupement » : l’atelier est en lecture seule.</Typography>
          </Box>
        )}
        <Grid.Root gap={4}>
          <Grid.Item col={4} direction="column" alignItems="stretch">
            <Typography variant="beta" tag="h2">Contributions à regrouper</Typography>
            <Flex direction="column" gap={2} marginTop={3} alignItems="stretch">
              {data.unassigned.map((c) => (
                <Box key={c.documentId} padding={3} background="neutral0" hasRadius shadow="tableShadow">
                  <Checkbox checked={selected.has(c.documentId)} disabled={!analysis} onCheckedChange={(on) => toggle(c.documentId, on === true)}>
                    <Typography fontWeight="bold">{`${c.reference} · ${c.title}`}</Typography>
                  </Checkbox>
                  <Typography variant="pi" textColor="neutral600" tag="p">{excerpt(c.body)}</Typography>
                  <Typography variant="pi" textColor="neutral600" tag="p">
                    {c.author ? (c.author.formerMember ? (c.author.label ?? 'Contribution d’un ancien adhérent') : `${c.author.firstName} ${c.author.lastName} (${c.author.membershipNumber}${c.author.section ? `, ${c.author.section}` : ''})`) : ''}
                    {c.category ? ` · ${c.category}` : ''}
                  </Typography>
                </Box>
              ))}
              {data.unassigned.length === 0 && <Typography textColor="neutral600">Toutes les contributions sont regroupées.</Typography>}
            </Flex>
            {analysis && selected.size > 0 && (
              <Flex direction="column" gap={2} marginTop={3} alignItems="stretch">
                <TextInput aria-label="Titre de la nouvelle proposition" placeholder="Titre de la nouvelle proposition" value={title} onChange={(e: any) => setTitle(e.target.value)} />
                <Button
                  disabled={!title.trim()}
                  loading={busy}
                  onClick={() => run(`${base}/proposals`, { title, sources: [...selected] }, 'Proposition créée.', done)}
                >
                  {`Créer une proposition avec ${selected.size} contribution${selected.size > 1 ? 's' : ''}`}
                </Button>
              </Flex>
            )}
          </Grid.Item>

          <Grid.Item col={4} direction="column" alignItems="stretch">
            <Typography variant="beta" tag="h2">Suggestions de regroupement</Typography>
            <Flex direction="column" gap={2} marginTop={3} alignItems="stretch">
              {data.placements.map((p) => (
                <Box key={`${p.contribution.documentId}-${p.proposal.documentId}`} padding={3} background="neutral0" hasRadius shadow="tableShadow">
                  <Flex gap={2} wrap="wrap">
                    <Typography variant="omega" fontWeight="bold">{`${p.contribution.reference} → ${p.proposal.title}`}</Typography>
                    <Confidence value={p.confidence} calibrated={p.calibrated} />
                  </Flex>
                  <Typography variant="pi" tag="p">{p.contribution.title}</Typography>
                  <Typography variant="pi" textColor="neutral600" tag="p">{`Points communs : ${reasons(p.concepts, p.shared)}`}</Typography>
                  {analysis && (
                    <Flex gap={2} marginTop={2}>
                      <Button
                        size="S"
                        loading={busy}
                        onClick={() => run(`${base}/proposals/${p.proposal.documentId}/sources`, { add: [p.contribution.documentId] }, 'Contribution ajoutée à la proposition.', done)}
                      >
                        Ajouter à la proposition
                      </Button>
                      <Button
                        size="S"
                        variant="tertiary"
                        loading={busy}
                        onClick={() => run(`${base}/rejections`, { contribution: p.contribution.documentId, proposal: p.proposal.documentId }, 'Suggestion écartée : elle ne sera plus proposée.', done)}
                      >
                        Écarter
                      </Button>
                    </Flex>
                  )}
                </Box>
              ))}
              {data.suggestions.map((group, index) => (
                <Box key={index} padding={3} background="neutral0" hasRadius shadow="tableShadow">
                  <Flex gap={2} wrap="wrap">
                    <Typography variant="omega" fontWeight="bold">{reasons(group.concepts, group.keywords)}</Typography>
                    <Confidence value={group.confidence} />
                  </Flex>
                  <ul>
                    {group.contributions.map((c) => (
                      <li key={c.documentId}>
                        <Flex gap={2} justifyContent="space-between">
                          <Typography variant="pi">{`${c.reference} · ${c.title}`}</Typography>
                          {analysis && group.contributions.length > 2 && (
                            <Button
                              size="S"
                              variant="ghost"
                              aria-label={`Sortir ${c.reference} de ce groupe`}
                              onClick={() =>
                                run(
                                  `${base}/rejections`,
                                  { contribution: c.documentId, others: group.contributions.filter((o) => o.documentId !== c.documentId).map((o) => o.documentId) },
                                  'Contribution séparée du groupe.',
                                  done
                                )
                              }
                            >
                              Sortir
                            </Button>
                          )}
                        </Flex>
                      </li>
                    ))}
                  </ul>
                  {analysis && (
                    <Flex gap={2}>
                      <Button
                        variant="secondary"
                        size="S"
                        loading={busy}
                        onClick={() =>
                          run(
                            `${base}/proposals`,
                            { title: group.contributions[0].title, summary: `Mots clés : ${[...group.concepts, ...group.keywords].join(', ')}.`, sources: group.contributions.map((c) => c.documentId) },
                            'Proposition créée à partir de la suggestion.',
                            done
                          )
                        }
                      >
                        Créer la proposition
                      </Button>
                      <Button
                        variant="tertiary"
                        size="S"
                        loading={busy}
                        onClick={() =>
                          run(
                            `${base}/rejections`,
                            { contribution: group.contributions[0].documentId, others: group.contributions.slice(1).map((c) => c.documentId), everyPair: true },
                            'Groupe écarté : ces contributions ne seront plus proposées ensemble.',
                            done
                          )
                        }
                      >
                        Écarter
                      </Button>
                    </Flex>
                  )}
                </Box>
              ))}
              {data.suggestions.length === 0 && data.placements.length === 0 && <Typography textColor="neutral600">Aucune suggestion pour l’instant.</Typography>}
            </Flex>
          </Grid.Item>

          <Grid.Item col={4} direction="column" alignItems="stretch">
            <Typography variant="beta" tag="h2">Propositions</Typography>
            <Flex direction="column" gap={2} marginTop={3} alignItems="stretch">
              {active.map((p) => (
                <Box key={p.documentId} padding={3} background="neutral0" hasRadius shadow="tableShadow">
                  <Typography fontWeight="bold">{`P-${p.number} · ${p.title}`}</Typography>
                  <Typography variant="pi" textColor="neutral600" tag="p">
                    {`${p.sources.length} source${p.sources.length > 1 ? 's' : ''} : ${p.sources.map((s) => s.reference).join(', ')}`}
                  </Typography>
                  {analysis && (
                    <Flex gap={2} marginTop={2} wrap="wrap">
                      <Button
                        variant="secondary"
                        size="S"
                        disabled={selected.size === 0}
                        onClick={() => run(`${base}/proposals/${p.documentId}/sources`, { add: [...selected] }, 'Contributions ajoutées.', done)}
                      >
                        Ajouter la sélection
                      </Button>
                      <SingleSelect
                        size="S"
                        aria-label="Fusionner dans"
                        placeholder="Fusionner dans…"
                        value={mergeTarget[p.documentId]}
                        onChange={(value: string | number) => setMergeTarget({ ...mergeTarget, [p.documentId]: String(value) })}
                      >
                        {active
                          .filter((o) => o.documentId !== p.documentId)
                          .map((o) => (
                            <SingleSelectOption key={o.documentId} value={o.documentId}>{`P-${o.number} · ${o.title}`}</SingleSelectOption>
                          ))}
                      </SingleSelect>
                      <Button
                        variant="danger-light"
                        size="S"
                        disabled={!mergeTarget[p.documentId]}
                        onClick={() => run(`${base}/proposals/${p.documentId}/merge`, { into: mergeTarget[p.documentId] }, 'Propositions fusionnées.', done)}
                      >
                        Fusionner
                      </Button>
                    </Flex>
                  )}
                </Box>
              ))}
              {active.length === 0 && <Typography textColor="neutral600">Aucune proposition pour l’instant.</Typography>}
            </Flex>
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
    </Page.Main>
  );
};
