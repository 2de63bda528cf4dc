import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Badge, Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useNavigate, useParams } from 'react-router-dom';
import { frenchPercent } from '../../../../shared/src/numbers';

/**
 * Import of members and dues (issue 22): upload a CSV or XLSX file, map its columns, read
 * the dry run (to create, to update, unchanged, refused with reasons), choose the sections to
 * create and whether to invite, confirm, follow the progress. The same routes and rules as
 * the API (`/membership/imports…`, admin side).
 */

interface Job {
  id: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  columns: string[];
  mapping: Record<string, string>;
  fields: { field: string; label: string }[];
  state: 'previewed' | 'running' | 'done' | 'failed';
  totalRows: number;
  processedRows: number;
  preview: {
    counts: { create: number; update: number; unchanged: number; refused: number } | null;
    duesToRecord: number;
    missingSections: { name: string; rows: number }[];
    problems: { field: string; message: string }[];
    warnings?: string[];
  } | null;
  result: { created: number; updated: number; unchanged: number; refused: number; duesRecorded: number } | null;
  failure: string | null;
}

interface Row {
  line: number;
  reasons: { field: string; message: string }[];
  cells: Record<string, unknown>;
}

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string; details?: { errors?: { message: string }[] } } } }; message?: string };
  const details = e?.response?.data?.error?.details?.errors?.map((x) => x.message).join(' ');
  return [e?.response?.data?.error?.message ?? e?.message ?? 'Erreur inattendue.', details].filter(Boolean).join(' ');
}

const number = (n: number) => n.toLocaleString('fr-FR');
/** Refused rows shown a page at a time (all of them in the CSV download). */
const REFUSED_PAGE_SIZE = 50;

export const ImportPage = () => {
  const { id } = useParams();
  const navigate = useNavigate();
  const { get, post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [job, setJob] = useState<Job | null>(null);
  const [refused, setRefused] = useState<Row[]>([]);
  /** The page of refused rows shown (REFUSED_PAGE_SIZE a page) and how many there are in all. */
  const [refusedPage, setRefusedPage] = useState(1);
  const [refusedTotal, setRefusedTotal] = useState(0);
  // The page the shown rows belong to (the label follows the rows, not the click that asked for the next page).
  const [shownPage, setShownPage] = useState(1);
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [sections, setSections] = useState<string[]>([]);
  const [invite, setInvite] = useState(false);
  const [busy, setBusy] = useState(false);

  const fail = useCallback((e: unknown) => toggleNotification({ type: 'danger', message: errorMessage(e) }), [toggleNotification]);

  const load = useCallback(async () => {
    if (!id) return;
    try {
      const res = await get<{ data: Job }>(`/membership/imports/${id}`);
      setJob(res.data.data);
      setMapping(res.data.data.mapping);
      const rows = await get<{ data: Row[]; meta: { pagination: { total: number } } }>(`/membership/imports/${id}/rows?outcome=refused&pageSize=${REFUSED_PAGE_SIZE}&page=${refusedPage}`);
      setRefused(rows.data.data);
      setRefusedTotal(rows.data.meta.pagination.total);
      setShownPage(refusedPage);
    } catch (e) {
      fail(e);
    }
  }, [id, get, fail, refusedPage]);

  useEffect(() => {
    load();
  }, [load]);

  // Progress: while the batches are written, the job is read again every second.
  useEffect(() => {
    if (job?.state !== 'running') return undefined;
    const timer = setTimeout(load, 1000);
    return () => clearTimeout(timer);
  }, [job, load]);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const res = await post<{ data: Job }>('/membership/imports', form);
      navigate(`/plugins/membership/${res.data.data.id}`);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const remap = async () => {
    setBusy(true);
    try {
      const clean = Object.fromEntries(Object.entries(mapping).filter(([, column]) => column));
      await put(`/membership/imports/${id}/mapping`, { mapping: clean });
      toggleNotification({ type: 'success', message: 'Aperçu mis à jour.' });
      await load();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  /**
   * Every refused row as the server writes it (`GET /membership/imports/:id/refused`: the file's
   * own columns, « Ligne » and « Motifs », for a French spreadsheet), saved under the name the
   * server gives, so that staff fix them and import the file again.
   */
  const downloadRefused = async () => {
    try {
      const res = await get<Blob>(`/membership/imports/${id}/refused`, { responseType: 'blob' } as any);
      const disposition = (res as unknown as { headers?: Headers }).headers?.get('Content-Disposition') ?? '';
      const named = /filename\*=UTF-8''([^;]+)/.exec(disposition);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(res.data);
      link.download = named ? decodeURIComponent(named[1]!) : 'lignes-refusees.csv';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (e) {
      fail(e);
    }
  };

  const confirm = async () => {
    setBusy(true);
    try {
      await post(`/membership/imports/${id}/confirm`, { invite, createSections: sections });
      toggleNotification({ type: 'success', message: 'Import lancé.' });
      await load();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  if (!id) {
    return (
      <Page.Main>
        <Page.Title>Import d’adhérents</Page.Title>
        <Layouts.Header title="Import d’adhérents" subtitle="Adhérents et cotisations depuis un fichier CSV (UTF-8 ou Windows-1252, « ; » ou « , ») ou Excel (.xlsx)." />
        <Layouts.Content>
          <Box padding={6} background="neutral0" hasRadius>
            <form onSubmit={upload}>
              <Flex direction="column" alignItems="flex-start" gap={4}>
                <label htmlFor="import-file">
                  <Typography fontWeight="bold">Fichier à importer</Typography>
                </label>
                <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
                <Typography variant="pi">La première ligne nomme les colonnes. Rien n’est enregistré avant votre confirmation : vous verrez d’abord un aperçu.</Typography>
                <Button type="submit" disabled={!file || busy} loading={busy}>Analyser le fichier</Button>
              </Flex>
            </form>
          </Box>
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (!job) return <Page.Loading />;

  const counts = job.preview?.counts;
  // Rows refused only because their section does not exist yet are imported once it is created.
  const planned = counts ? counts.create + counts.update + (job.preview?.missingSections ?? []).filter((s) => sections.includes(s.name)).reduce((n, s) => n + s.rows, 0) : 0;
  const share = frenchPercent(job.totalRows ? job.processedRows / job.totalRows : 1, 1);
  return (
    <Page.Main>
      <Page.Title>Import d’adhérents</Page.Title>
      <Layouts.Header
        title={`Import : ${job.fileName}`}
        subtitle={`${job.format.toUpperCase()}${job.encoding ? `, ${job.encoding}, séparateur « ${job.delimiter === '\t' ? 'tabulation' : job.delimiter} »` : ''} — ${number(job.totalRows)} lignes`}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {job.state === 'previewed' && (
            <Box padding={6} background="neutral0" hasRadius>
              <Typography variant="delta" tag="h2">Correspondance des colonnes</Typography>
              <Flex direction="column" alignItems="flex-start" gap={2} paddingTop={4}>
                {job.fields.map(({ field, label }) => (
                  <Flex key={field} gap={3}>
                    <label htmlFor={`map-${field}`} style={{ minWidth: 220 }}><Typography>{label}</Typography></label>
                    <select id={`map-${field}`} value={mapping[field] ?? ''} onChange={(e) => setMapping({ ...mapping, [field]: e.target.value })}>
                      <option value="">— non importé —</option>
                      {job.columns.map((c) => <option key={c} value={c}>{c}</option>)}
                    </select>
                  </Flex>
                ))}
                <Button variant="secondary" onClick={remap} disabled={busy}>Mettre à jour l’aperçu</Button>
              </Flex>
            </Box>
          )}

          <Box padding={6} background="neutral0" hasRadius>
            <Typography variant="delta" tag="h2">{job.state === 'previewed' ? 'Aperçu' : 'Résultat'}</Typography>
            {job.preview?.problems.map((p) => <Typography key={p.field} textColor="danger600" tag="p">{p.message}</Typography>)}
            {/* Dark text on the warning tint: orange text on white fails WCAG AA contrast (2.9:1). */}
            {job.preview?.warnings?.map((w) => (
              <Box key={w} marginTop={2} padding={3} background="warning100" borderColor="warning200" hasRadius>
                <Typography textColor="neutral800" tag="p">{w}</Typography>
              </Box>
            ))}
            {counts && job.state === 'previewed' && (
              <Flex gap={3} paddingTop={4} wrap="wrap">
                <Badge>{number(counts.create)} à créer</Badge>
                <Badge>{number(counts.update)} à mettre à jour</Badge>
                <Badge>{number(counts.unchanged)} inchangés</Badge>
                <Badge>{number(counts.refused)} refusés</Badge>
                <Badge>{number(job.preview!.duesToRecord)} cotisations</Badge>
              </Flex>
            )}
            {job.state !== 'previewed' && (
              <Flex direction="column" alignItems="flex-start" gap={2} paddingTop={4}>
                <label htmlFor="import-progress"><Typography>Progression : {share} ({number(job.processedRows)} / {number(job.totalRows)})</Typography></label>
                <progress id="import-progress" max={job.totalRows} value={job.processedRows} />
                {job.result && (
                  <Typography>
                    {number(job.result.created)} créés, {number(job.result.updated)} mis à jour, {number(job.result.unchanged)} inchangés, {number(job.result.refused)} refusés, {number(job.result.duesRecorded)} cotisations enregistrées.
                  </Typography>
                )}
                {job.state === 'done' && <Badge active>Import terminé</Badge>}
                {job.failure && <Typography textColor="danger600">{job.failure}</Typography>}
              </Flex>
            )}
          </Box>

          {job.state === 'previewed' && counts && (
            <Box padding={6} background="neutral0" hasRadius>
              <Typography variant="delta" tag="h2">Confirmer</Typography>
              <Flex direction="column" alignItems="flex-start" gap={3} paddingTop={4}>
                {job.preview!.missingSections.map((s) => (
                  <label key={s.name}>
                    <input type="checkbox" checked={sections.includes(s.name)} onChange={(e) => setSections(e.target.checked ? [...sections, s.name] : sections.filter((x) => x !== s.name))} />{' '}
                    <Typography>Créer la section « {s.name} » ({s.rows} ligne{s.rows > 1 ? 's' : ''})</Typography>
                  </label>
                ))}
                <label>
                  <input type="checkbox" checked={invite} onChange={(e) => setInvite(e.target.checked)} />{' '}
                  <Typography>Envoyer leur invitation aux nouveaux adhérents</Typography>
                </label>
                <Button onClick={confirm} disabled={busy || planned === 0} loading={busy}>
                  Importer {number(planned)} adhérent{planned > 1 ? 's' : ''}
                </Button>
              </Flex>
            </Box>
          )}

          {refusedTotal > 0 && (
            <Box padding={6} background="neutral0" hasRadius>
              <Flex justifyContent="space-between" alignItems="center" gap={4} wrap="wrap">
                <Typography variant="delta" tag="h2">Lignes refusées ({number(refusedTotal)})</Typography>
                <Button variant="secondary" onClick={downloadRefused}>Télécharger les lignes refusées (CSV)</Button>
              </Flex>
              <Table colCount={2} rowCount={refused.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">Ligne</Typography></Th>
                    <Th><Typography variant="sigma">Motifs</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {refused.map((r) => (
                    <Tr key={r.line}>
                      <Td><Typography>{r.line}</Typography></Td>
                      <Td><Typography>{r.reasons.map((x) => x.message).join(' ; ')}</Typography></Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              {refusedTotal > REFUSED_PAGE_SIZE && (
                <Flex gap={3} paddingTop={3} alignItems="center">
                  <Button variant="tertiary" disabled={shownPage === 1} onClick={() => setRefusedPage(shownPage - 1)}>Précédentes</Button>
                  <Typography>
                    Lignes {number((shownPage - 1) * REFUSED_PAGE_SIZE + 1)} à {number(Math.min(shownPage * REFUSED_PAGE_SIZE, refusedTotal))} sur {number(refusedTotal)}
                  </Typography>
                  <Button variant="tertiary" disabled={shownPage * REFUSED_PAGE_SIZE >= refusedTotal} onClick={() => setRefusedPage(shownPage + 1)}>Suivantes</Button>
                </Flex>
              )}
              <Typography variant="pi">Corrigez ces lignes dans votre fichier (ou dans le CSV téléchargé) et importez-le à nouveau : les adhérents déjà importés restent inchangés.</Typography>
            </Box>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
