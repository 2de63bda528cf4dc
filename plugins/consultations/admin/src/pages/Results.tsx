import { useEffect, useState } from 'react';
import { Badge, Box, Button, Flex, Link, NumberInput, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { NavLink, useParams } from 'react-router-dom';
import { count, useWorkbenchAction, useWorkbenchData } from '../api';
import { frenchPercent } from '../../../../shared/src/numbers';

interface AxisResult {
  count: number;
  median: number | null;
  medianLabel: string | null;
  gauge: '+' | '-' | null;
  above: number;
  below: number;
  mean: number | null;
}

interface ResultsData {
  evaluation: {
    method: string;
    proposals: { rank: number; documentId: string; number: number; title: string; quadrantLabel: string | null; inSynthesis: boolean; effort: AxisResult; impact: AxisResult }[];
  };
  synthesis: { title: string; state: string; sections: unknown[] } | null;
  statistics: { participation: { eligible: number; contributed: number; evaluated: number; voted: number } };
  synthesisSize: number;
}

const grade = (r: AxisResult) =>
  r.median === null ? '—' : `${r.medianLabel} (${r.median}${r.gauge === '+' ? `+ ${frenchPercent(r.above, 1)}` : `− ${frenchPercent(r.below, 1)}`})`;
const mean = (r: AxisResult) => (r.mean === null ? '—' : r.mean.toFixed(2).replace('.', ','));

/** Results of the evaluation: the effort × impact chart, the ranking, and the synthesis made from it. */
export const Results = () => {
  const { id } = useParams<{ id: string }>();
  const base = `/consultations/workbench/${id}`;
  const { data, reload } = useWorkbenchData<ResultsData>(`${base}/results`);
  const { get } = useFetchClient();
  const { run, busy } = useWorkbenchAction();
  const [chart, setChart] = useState<string | null>(null);
  const [size, setSize] = useState<number | null>(null);

  useEffect(() => {
    get<string>(`${base}/chart.svg`, { responseType: 'text' } as any).then((res) => setChart(res.data as unknown as string)).catch(() => setChart(null));
  }, [get, base, data]);

  if (!data) return <Page.Loading />;
  const { proposals } = data.evaluation;
  const chosen = size ?? data.synthesisSize;
  const p = data.statistics.participation;
  return (
    <Page.Main>
      <Page.Title>Résultats de l’évaluation</Page.Title>
      <Layouts.Header
        title="Résultats de l’évaluation"
        subtitle={`${count(p.evaluated, 'adhérent')} sur ${p.eligible} appelés à évaluer · ${count(proposals.length, 'proposition')}`}
        navigationAction={<Link tag={NavLink} to="..">Toutes les consultations</Link>}
      />
      <Layouts.Content>
        <Flex gap={6} alignItems="flex-start" wrap="wrap">
          <Box background="neutral0" padding={4} hasRadius shadow="tableShadow">
            {/* Our own SVG, built from escaped text: no script, no external resource. */}
            {chart ? <div data-testid="chart" dangerouslySetInnerHTML={{ __html: chart }} /> : <Typography>Graphique indisponible.</Typography>}
          </Box>
          <Box background="neutral0" padding={4} hasRadius shadow="tableShadow" maxWidth="34rem">
            <Typography variant="delta" tag="h2">Synthèse</Typography>
            <Typography tag="p">
              {data.synthesis ? `« ${data.synthesis.title} » : ${data.synthesis.sections.length} parties (${data.synthesis.state}).` : 'Pas encore composée.'}
            </Typography>
            <Flex gap={2} marginTop={3} alignItems="flex-end">
              <NumberInput aria-label="Nombre de propositions" value={chosen} onValueChange={(v: number | undefined) => setSize(v ?? 1)} />
              <Button loading={busy} onClick={() => run(`${base}/synthesis`, { size: chosen }, 'Synthèse composée à partir du classement.', reload)}>
                {chosen === 1 ? 'Composer avec la première' : `Composer avec les ${chosen} premières`}
              </Button>
            </Flex>
            <Typography variant="pi" textColor="neutral600" tag="p">{data.evaluation.method}</Typography>
          </Box>
        </Flex>
        <Box marginTop={6}>
          <Table colCount={7} rowCount={proposals.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Rang</Typography></Th>
                <Th><Typography variant="sigma">Proposition</Typography></Th>
                <Th><Typography variant="sigma">Impact (médiane)</Typography></Th>
                <Th><Typography variant="sigma">Effort (médiane)</Typography></Th>
                <Th><Typography variant="sigma">Moyennes impact / effort</Typography></Th>
                <Th><Typography variant="sigma">Quadrant</Typography></Th>
                <Th><Typography variant="sigma">Synthèse</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {proposals.map((r) => (
                <Tr key={r.documentId}>
                  <Td><Typography fontWeight="bold">{r.rank}</Typography></Td>
                  <Td><Typography>{`P-${r.number} · ${r.title}`}</Typography></Td>
                  <Td><Typography>{grade(r.impact)}</Typography></Td>
                  <Td><Typography>{grade(r.effort)}</Typography></Td>
                  <Td><Typography>{`${mean(r.impact)} / ${mean(r.effort)} (${r.impact.count} notes)`}</Typography></Td>
                  <Td>{r.quadrantLabel ? <Badge>{r.quadrantLabel}</Badge> : null}</Td>
                  <Td><Typography>{r.inSynthesis ? 'Retenue' : ''}</Typography></Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};
