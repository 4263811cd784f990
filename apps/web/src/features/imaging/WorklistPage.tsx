import { ActionIcon, Alert, Anchor, Badge, Button, Card, FileButton, Group, Progress, SegmentedControl, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconFileImport, IconRefresh, IconUpload, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatNumber } from '../../lib/decimal.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { IMAGING_WRITE_ROLES, imagingApi, type ImagingStudy, type UploadResult, type VendorImportResult } from './api.ts';

/** Waiting time as "3 h 20 min" / "2 d 4 h" (units from the messages). */
export function waiting(fromIso: string, units: { min: string; h: string; d: string } = { min: 'min', h: 'h', d: 'd' }, now = Date.now()): string {
  const min = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 60_000));
  if (min < 60) return `${min} ${units.min}`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} ${units.h} ${min % 60} ${units.min}`;
  return `${Math.floor(h / 24)} ${units.d} ${h % 24} ${units.h}`;
}

/** Suspicion = the highest visible AI probability ÷ its threshold: ≥ 1.5 high, ≥ 1 above threshold, else low. */
export function priorityOf(value: number | null): 'high' | 'flagged' | 'low' | 'none' {
  if (value === null) return 'none';
  return value >= 1.5 ? 'high' : value >= 1 ? 'flagged' : 'low';
}

/**
 * The AI priority of a study. Before the reader's first impression (blind), only whether the study is
 * prioritised is shown, never the score or its grade: a number anchors the read (automation bias;
 * issue 15, point 6). The facility's first-impression setting turns this off together with the guard.
 */
export function SuspicionBadge({ value, blind = false }: { value: number | null; blind?: boolean }) {
  const { t, lang } = useI18n();
  const p = priorityOf(value);
  if (p === 'none') return <Text c="dark.4" size="sm" data-testid="imaging-priority" data-priority="none">{t('imaging.priority.none')}</Text>;
  if (blind) {
    const prioritised = p !== 'low';
    return (
      <Tooltip label={t('imaging.priority.blindTooltip')} multiline w={260} withArrow>
        <Badge color={prioritised ? 'red' : 'gray'} variant={prioritised ? 'filled' : 'light'} data-testid="imaging-priority" data-priority={p} data-blind="true" style={{ flexShrink: 0, overflow: 'visible' }}>
          {t(prioritised ? 'imaging.priority.prioritised' : 'imaging.priority.notPrioritised')}
        </Badge>
      </Tooltip>
    );
  }
  const color = p === 'high' ? 'red' : p === 'flagged' ? 'orange' : 'gray';
  return (
    <Tooltip label={t('imaging.priority.tooltip', { ratio: formatNumber(value!, lang, 2) })} multiline w={260} withArrow>
      <Group gap={6} wrap="nowrap" data-testid="imaging-priority" data-priority={p}>
        <Badge color={color} variant={p === 'low' ? 'light' : 'filled'} style={{ flexShrink: 0, overflow: 'visible' }}>{t(`imaging.priority.${p}`)}</Badge>
        <Text size="xs" c="dark.4" ff="monospace">{formatNumber(value!, lang, 2)}×</Text>
      </Group>
    </Tooltip>
  );
}

/** Per-file outcome of an upload: stored (matched or not, or already there) or rejected with its reason. */
function UploadReport({ result, onClose }: { result: UploadResult; onClose: () => void }) {
  const { t, lang } = useI18n();
  const n = result.accepted.length + result.rejected.length;
  const color = result.rejected.length === 0 ? 'teal' : result.accepted.length === 0 ? 'red' : 'orange';
  return (
    <Alert color={color} variant="light" data-testid="imaging-upload-result" withCloseButton onClose={onClose}
      title={t('imaging.upload.summary', { accepted: result.accepted.length, rejected: result.rejected.length, n })}>
      <Table withRowBorders={false} verticalSpacing={4} fz="sm">
        <Table.Tbody>
          {result.accepted.map((a, i) => (
            <Table.Tr key={`a${i}`} data-testid="imaging-upload-file" data-status="accepted">
              <Table.Td w="30%" fw={500} style={{ wordBreak: 'break-all' }}>{a.file}</Table.Td>
              <Table.Td w={120}><Badge color="teal" variant="light">{t(a.duplicate ? 'imaging.upload.duplicate' : 'imaging.upload.stored')}</Badge></Table.Td>
              <Table.Td>
                {a.matchState === 'matched' ? t('imaging.upload.matched') : <Text span c="orange.8" size="sm">{t('imaging.upload.unmatched')}</Text>}
                {' · '}<Anchor component={Link} to={`/imaging/${a.studyId}`} size="sm">{t('imaging.upload.open')}</Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
          {result.rejected.map((r, i) => (
            <Table.Tr key={`r${i}`} data-testid="imaging-upload-file" data-status="rejected" data-code={r.code}>
              <Table.Td w="30%" fw={500} style={{ wordBreak: 'break-all' }}>{r.file}</Table.Td>
              <Table.Td w={120}><Badge color="red" variant="filled">{t('imaging.upload.rejected')}</Badge></Table.Td>
              <Table.Td>
                <Text size="sm">{lang === 'vi' ? r.messageVi : r.message}</Text>
                <Text size="xs" c="dimmed" ff="monospace">{r.code}{r.field ? ` · ${r.field}` : ''}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {result.rejected.length > 0 && <Text size="xs" c="dimmed" mt={4}>{t('imaging.upload.nothingStored')}</Text>}
    </Alert>
  );
}

function ImportReport({ result, onClose }: { result: VendorImportResult; onClose: () => void }) {
  const { t } = useI18n();
  const lines: [string, number][] = [
    ['imaging.import.recorded', result.recorded], ['imaging.import.shadow', result.shadow], ['imaging.import.already', result.alreadyImported],
    ['imaging.import.unknown', result.skippedUnknownImage], ['imaging.import.stage', result.notRecordedStage],
  ];
  return (
    <Alert color={result.recorded > 0 ? 'teal' : 'orange'} variant="light" withCloseButton onClose={onClose} data-testid="imaging-import-result"
      title={t('imaging.import.summary', { rows: result.rows, recorded: result.recorded })}>
      <Stack gap={2}>
        {lines.filter(([, v]) => v > 0).map(([k, v]) => <Text key={k} size="sm" data-testid={k.replace('imaging.import.', 'imaging-import-')}>{t(k, { n: v })}</Text>)}
      </Stack>
    </Alert>
  );
}

export function WorklistPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string>('open');
  const [rows, setRows] = useState<ImagingStudy[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState<{ state: string; done: number; total: number } | null>(null);
  const [busy, setBusy] = useState<'upload' | 'import' | null>(null);
  const [uploaded, setUploaded] = useState<UploadResult | null>(null);
  const [imported, setImported] = useState<VendorImportResult | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  // The score stays hidden until the study is reported while the facility requires a first impression.
  const [blindPriority, setBlindPriority] = useState(true);
  useEffect(() => {
    get<{ firstImpressionRequired: boolean }>('/api/imaging/settings').then((s) => setBlindPriority(s.firstImpressionRequired)).catch(() => setBlindPriority(true));
  }, []);
  const canWrite = !!user?.roles.some((r) => IMAGING_WRITE_ROLES.includes(r));
  const units = { min: t('imaging.unit.min'), h: t('imaging.unit.h'), d: t('imaging.unit.d') };

  useEffect(() => {
    const ctrl = new AbortController();
    imagingApi.worklist(status === 'open' || status === 'all' ? undefined : status, ctrl.signal)
      .then((r) => { setRows(status === 'open' ? r.filter((s) => s.status !== 'reported') : r); setError(null); })
      .catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : t('error.generic')); });
    return () => ctrl.abort();
  }, [status, lang, t, reload]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => imagingApi.demoStatus().then((d) => {
      setDemo(d);
      if (d.state === 'running') timer = setTimeout(poll, 3000);
    }).catch(() => undefined);
    void poll();
    return () => clearTimeout(timer);
  }, []);

  const run = useCallback(async <T,>(kind: 'upload' | 'import', p: () => Promise<T>, done: (r: T) => void) => {
    setBusy(kind);
    setActionError(null);
    setUploaded(null);
    setImported(null);
    try {
      done(await p());
      setReload((n) => n + 1);
    } catch (e) {
      setActionError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(null);
    }
  }, [lang]);

  const onUpload = (files: File[]) => {
    if (files.length === 0) return;
    void run('upload', () => imagingApi.upload(files), setUploaded);
  };
  const onImport = (file: File | null) => {
    if (!file) return;
    void run('import', () => imagingApi.importVendor(file), setImported);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('imaging.worklist')}</Title>
          <Text c="dimmed" size="sm">{t('imaging.worklist.hint')}</Text>
        </div>
        <Group gap="sm">
          {canWrite && (
            <>
              <FileButton onChange={onImport} accept=".csv,.json,.dcm,text/csv,application/json,application/dicom">
                {(props) => <Button {...props} variant="default" leftSection={<IconFileImport size={16} />} loading={busy === 'import'} data-testid="imaging-import">{t('imaging.import')}</Button>}
              </FileButton>
              <FileButton onChange={onUpload} accept=".dcm,application/dicom" multiple>
                {(props) => <Button {...props} leftSection={<IconUpload size={16} />} loading={busy === 'upload'} data-testid="imaging-upload">{t('imaging.upload')}</Button>}
              </FileButton>
            </>
          )}
          <Tooltip label={t('imaging.refresh')}>
            <ActionIcon variant="default" size="lg" onClick={() => setReload((n) => n + 1)} aria-label={t('imaging.refresh')}><IconRefresh size={16} /></ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {demo?.state === 'running' && (
        <Card withBorder><Text size="sm">{t('imaging.demo', { done: demo.done, total: demo.total })}</Text><Progress value={(100 * demo.done) / Math.max(1, demo.total)} mt="xs" /></Card>
      )}
      {actionError && <Alert color="red" icon={<IconX size={16} />} withCloseButton onClose={() => setActionError(null)} data-testid="imaging-action-error">{actionError}</Alert>}
      {uploaded && <UploadReport result={uploaded} onClose={() => setUploaded(null)} />}
      {imported && <ImportReport result={imported} onClose={() => setImported(null)} />}
      {error && <Alert color="red">{error}</Alert>}
      <Card withBorder padding={0} radius="md">
        <Group justify="space-between" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <SegmentedControl size="sm" value={status} onChange={setStatus} data-testid="imaging-filter" data={[
            { value: 'open', label: t('imaging.filter.open') },
            { value: 'reported', label: t('imaging.filter.reported') },
            { value: 'all', label: t('imaging.filter.all') },
          ]} />
          {rows && <Text size="sm" c="dimmed">{t('imaging.count', { n: rows.length })}</Text>}
        </Group>
        <Table highlightOnHover verticalSpacing="sm" data-testid="imaging-worklist">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th w={200}>{t('imaging.suspicion')}</Table.Th>
              <Table.Th>{t('imaging.patient')}</Table.Th>
              <Table.Th>{t('imaging.description')}</Table.Th>
              <Table.Th w={70} ta="right">{t('imaging.images')}</Table.Th>
              <Table.Th w={150}>{t('imaging.received')}</Table.Th>
              <Table.Th w={110}>{t('imaging.waiting')}</Table.Th>
              <Table.Th w={130}>{t('imaging.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows?.map((s) => (
              <Table.Tr key={s.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/imaging/${s.id}`)} data-testid="imaging-row" data-study-id={s.id}>
                <Table.Td><SuspicionBadge value={s.aiSuspicion} blind={blindPriority && s.status !== 'reported'} /></Table.Td>
                <Table.Td>
                  {s.patientName
                    ? <Anchor component={Link} to={`/imaging/${s.id}`} fw={600} c="dark" onClick={(e) => e.stopPropagation()}>{s.patientName}</Anchor>
                    : (
                      <Stack gap={2}>
                        <Anchor component={Link} to={`/imaging/${s.id}`} fw={600} c="dark" onClick={(e) => e.stopPropagation()}>{s.dicomPatientName?.replace(/\^/g, ' ') || t('imaging.unnamed')}</Anchor>
                        <Group gap={6} wrap="nowrap">
                          <Badge color="yellow" variant="light" size="sm">{t('imaging.unmatched')}</Badge>
                          {s.dicomPatientId && s.dicomPatientId !== s.dicomPatientName && <Tooltip label={s.dicomPatientId}><Text size="xs" c="dimmed" ff="monospace" truncate maw={140}>ID {s.dicomPatientId}</Text></Tooltip>}
                        </Group>
                      </Stack>
                    )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{s.description ?? t('imaging.noDescription')}</Text>
                  <Text size="xs" c="dimmed">{[s.modalities.join(', '), s.accessionNumber].filter(Boolean).join(' · ')}</Text>
                </Table.Td>
                <Table.Td ta="right">{s.instanceCount ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(s.receivedAt, lang)}</Table.Td>
                <Table.Td>{s.status === 'reported' ? '—' : waiting(s.receivedAt, units)}</Table.Td>
                <Table.Td><Badge variant="light" color={s.status === 'reported' ? 'green' : s.status === 'failed' ? 'red' : s.status === 'analysing' ? 'violet' : 'blue'}>{t(`imaging.status.${s.status}`)}</Badge></Table.Td>
              </Table.Tr>
            ))}
            {rows?.length === 0 && <Table.Tr><Table.Td colSpan={7}><Text c="dimmed" ta="center" p="xl">{t(canWrite ? 'imaging.empty.upload' : 'imaging.empty')}</Text></Table.Td></Table.Tr>}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
