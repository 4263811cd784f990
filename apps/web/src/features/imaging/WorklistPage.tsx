import { Alert, Badge, Card, Group, Progress, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { imagingApi, type ImagingStudy } from './api.ts';

/** Waiting time as "3 h 20 min" / "2 d 4 h". */
export function waiting(fromIso: string, now = Date.now()): string {
  const min = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function SuspicionBadge({ value }: { value: number | null }) {
  if (value === null) return <Text c="dimmed" size="sm">—</Text>;
  const color = value >= 1.5 ? 'red' : value >= 1 ? 'orange' : 'gray';
  return <Badge color={color} variant={value >= 1 ? 'filled' : 'light'}>{value.toFixed(2)}×</Badge>;
}

export function WorklistPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string>('open');
  const [rows, setRows] = useState<ImagingStudy[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState<{ state: string; done: number; total: number } | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    imagingApi.worklist(status === 'open' ? undefined : status, ctrl.signal)
      .then((r) => { setRows(status === 'open' ? r.filter((s) => s.status !== 'reported') : r); setError(null); })
      .catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : t('error.generic')); });
    return () => ctrl.abort();
  }, [status, lang, t]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => imagingApi.demoStatus().then((d) => {
      setDemo(d);
      if (d.state === 'running') timer = setTimeout(poll, 3000);
    }).catch(() => undefined);
    void poll();
    return () => clearTimeout(timer);
  }, []);

  return (
    <>
      <Group justify="space-between">
        <Title order={2}>{t('imaging.worklist')}</Title>
        <SegmentedControl value={status} onChange={setStatus} data={[
          { value: 'open', label: t('imaging.status.received') + ' / ' + t('imaging.status.analysed') },
          { value: 'reported', label: t('imaging.status.reported') },
        ]} />
      </Group>
      <Text c="dimmed" size="sm">{t('imaging.worklist.hint')}</Text>
      {demo?.state === 'running' && (
        <Card withBorder><Text size="sm">{t('imaging.demo', { done: demo.done, total: demo.total })}</Text><Progress value={(100 * demo.done) / Math.max(1, demo.total)} mt="xs" /></Card>
      )}
      {error && <Alert color="red">{error}</Alert>}
      <Card withBorder padding={0}>
        <Table highlightOnHover data-testid="imaging-worklist">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imaging.suspicion')}</Table.Th>
              <Table.Th>{t('imaging.patient')}</Table.Th>
              <Table.Th>{t('imaging.description')}</Table.Th>
              <Table.Th>{t('imaging.received')}</Table.Th>
              <Table.Th>{t('imaging.waiting')}</Table.Th>
              <Table.Th>{t('imaging.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows?.map((s) => (
              <Table.Tr key={s.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/imaging/${s.id}`)}>
                <Table.Td><SuspicionBadge value={s.aiSuspicion} /></Table.Td>
                <Table.Td>{s.patientName ?? <Badge color="yellow" variant="light">{t('imaging.unmatched')}: {s.dicomPatientId ?? '?'}</Badge>}</Table.Td>
                <Table.Td>{s.description ?? s.modalities.join(', ')}{s.accessionNumber ? <Text span c="dimmed" size="xs"> · {s.accessionNumber}</Text> : null}</Table.Td>
                <Table.Td>{formatDateTime(s.receivedAt, lang)}</Table.Td>
                <Table.Td>{s.status === 'reported' ? '—' : waiting(s.receivedAt)}</Table.Td>
                <Table.Td><Badge variant="light" color={s.status === 'reported' ? 'green' : s.status === 'failed' ? 'red' : 'blue'}>{t(`imaging.status.${s.status}`)}</Badge></Table.Td>
              </Table.Tr>
            ))}
            {rows?.length === 0 && <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center" p="md">{t('imaging.empty')}</Text></Table.Td></Table.Tr>}
          </Table.Tbody>
        </Table>
      </Card>
    </>
  );
}
