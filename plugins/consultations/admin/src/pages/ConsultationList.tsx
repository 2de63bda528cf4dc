import { Badge, Box, Flex, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { useWorkbenchData, type Summary } from '../api';

/** The consultations this staff member runs. */
export const ConsultationList = () => {
  const { data } = useWorkbenchData<Summary[]>('/consultations/workbench');
  if (!data) return <Page.Loading />;
  return (
    <Page.Main>
      <Page.Title>Consultations</Page.Title>
      <Layouts.Header title="Consultations" subtitle="Regrouper les contributions en propositions, suivre l’évaluation, composer la synthèse." />
      <Layouts.Content>
        {data.length === 0 ? (
          <Box padding={8} background="neutral0" hasRadius>
            <Typography>Aucune consultation à conduire pour le moment.</Typography>
          </Box>
        ) : (
          <Table colCount={4} rowCount={data.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Consultation</Typography></Th>
                <Th><Typography variant="sigma">Périmètre</Typography></Th>
                <Th><Typography variant="sigma">Phase</Typography></Th>
                <Th><Typography variant="sigma">Écrans</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {data.map((c) => (
                <Tr key={c.documentId}>
                  <Td><Typography fontWeight="bold">{c.title}</Typography></Td>
                  <Td><Typography>{c.section?.name ?? c.federation?.name ?? 'National'}</Typography></Td>
                  <Td><Badge>{c.phaseLabel}</Badge></Td>
                  <Td>
                    <Flex gap={3}>
                      {c.kind === 'full' && <Link tag={NavLink} to={c.documentId}>Atelier de regroupement</Link>}
                      {c.kind === 'full' && <Link tag={NavLink} to={`${c.documentId}/results`}>Résultats</Link>}
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
