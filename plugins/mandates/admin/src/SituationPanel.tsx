import { useEffect, useState } from 'react';
import { Badge, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

const MANDATE_UID = 'plugin::mandates.mandate';

interface Violation {
  rule: string;
  text: string;
  overdue: boolean;
  waived: boolean;
  toEnd: { label: string } | null;
}
interface Situation {
  official: { firstName: string; lastName: string };
  ruleSetVersion: number;
  violations: Violation[];
}

interface PanelProps {
  model: string;
  documentId?: string;
}

/** The side panel of a mandate's page (a Content Manager panel: its title and content, or null elsewhere). */
export function SituationPanel({ model, documentId }: PanelProps) {
  if (model !== MANDATE_UID || !documentId) return null;
  return { title: 'Règles de cumul', content: <SituationView documentId={documentId} /> };
}
SituationPanel.type = 'mandates-situation';

function SituationView({ documentId }: { documentId: string }) {
  const { get } = useFetchClient();
  const [situation, setSituation] = useState<Situation | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    get<{ data: Situation }>(`/mandates/mandates/${documentId}/situation`)
      .then((res) => live && setSituation(res.data.data))
      .catch((e: { response?: { data?: { error?: { message?: string } } } }) => live && setError(e.response?.data?.error?.message ?? 'La situation n’a pas pu être lue.'));
    return () => {
      live = false;
    };
  }, [documentId, get]);

  if (error) return <Typography variant="pi">{error}</Typography>;
  if (!situation) return <Typography variant="pi">Lecture de la situation…</Typography>;
  const { official, violations, ruleSetVersion } = situation;
  return (
    <Flex direction="column" alignItems="stretch" gap={2} width="100%">
      <Typography variant="pi">
        {official.firstName} {official.lastName}, aujourd’hui (règles, version {ruleSetVersion}) :
      </Typography>
      {violations.length === 0 ? (
        <Typography variant="pi">Aucune règle enfreinte.</Typography>
      ) : (
        violations.map((v, index) => (
          <Flex key={`${v.rule}-${index}`} direction="column" alignItems="flex-start" gap={1}>
            <Badge active={!v.waived}>{v.waived ? 'Dérogation' : v.overdue ? 'Délai dépassé' : 'À régulariser'}</Badge>
            <Typography variant="pi">{v.text}</Typography>
            {v.toEnd && !v.waived && <Typography variant="pi">À défaut de choix, prend fin : {v.toEnd.label}.</Typography>}
          </Flex>
        ))
      )}
    </Flex>
  );
}
