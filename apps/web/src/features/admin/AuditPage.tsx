/**
 * The audit viewer: who did what to which record, denied attempts included, filtered by user,
 * patient, action, outcome and dates (Vietnam's calendar days), newest first, older pages on demand.
 * With a patient chosen, the data subject's export (PDP law 2025) is one click away.
 */
import { Alert, Badge, Button, Card, Code, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFileExport } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { get } from '../../api/client.ts';
import type { PatientSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate, formatDateTime, parseDayMonthYear } from '../../lib/format.ts';
import { adminApi, type AuditEntry, downloadPersonalData, type Staff } from './api.ts';
import { ACTIONS, labelOf, RESOURCES } from './auditLabels.ts';

const OUTCOMES = ['success', 'denied', 'not_found', 'error'] as const;
/** The first instant of a calendar day in Vietnam (UTC+7, no daylight saving). */
const dayStart = (isoDate: string, plusDays = 0) => new Date(Date.parse(`${isoDate}T00:00:00+07:00`) + plusDays * 86_400_000).toISOString();

export function AuditPage() {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const [users, setUsers] = useState<Staff[]>([]);
  const [userId, setUserId] = useState<string | null>(null);
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [patientQ, setPatientQ] = useState('');
  const [debouncedQ] = useDebouncedValue(patientQ, 300);
  const [patientHits, setPatientHits] = useState<PatientSummary[]>([]);
  const [action, setAction] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(params.get('outcome'));
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const [reference, setReference] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => void adminApi.users().then(setUsers).catch(() => setUsers([])), []);
  useEffect(() => {
    if (debouncedQ.trim().length < 2) return setPatientHits([]);
    get<{ items: PatientSummary[] }>('/api/patients', { q: debouncedQ, limit: 8 }).then((r) => setPatientHits(r.items)).catch(() => setPatientHits([]));
  }, [debouncedQ]);

  const filter = useCallback(() => ({
    ...(userId ? { userId } : {}), ...(patient ? { patientId: patient.id } : {}), ...(action ? { action } : {}), ...(outcome ? { outcome } : {}),
    ...(from ? { from: dayStart(from) } : {}), ...(to ? { to: dayStart(to, 1) } : {}),
  }), [userId, patient, action, outcome, from, to]);
  useEffect(() => {
    adminApi.audit({ ...filter(), limit: 50 }).then((p) => { setItems(p.items); setNext(p.nextBefore); setActions(p.actions); }).catch(() => setItems([]));
  }, [filter]);
  const more = () => next && adminApi.audit({ ...filter(), limit: 50, before: next }).then((p) => { setItems((x) => [...x, ...p.items]); setNext(p.nextBefore); });
  const clear = () => { setUserId(null); setPatient(null); setPatientQ(''); setAction(null); setOutcome(null); setFrom(null); setTo(null); };

  const doExport = async () => {
    if (!patient) return;
    try {
      const file = await downloadPersonalData(patient.id, reference.trim());
      notifications.show({ color: 'teal', message: t('admin.pdp.done', { file }) });
      setExporting(false);
      setReference('');
      setExportError(null);
      setPatient({ ...patient }); // reload: the export is now in the log
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };

  const any = t('admin.audit.any');
  const dateProps = { valueFormat: 'DD/MM/YYYY', dateParser: parseDayMonthYear, placeholder: t('common.dateFormat'), clearable: true } as const;
  return (
    <Stack data-testid="admin-audit">
      <Title order={2}>{t('admin.audit.title')}</Title>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <Select label={t('admin.audit.user')} placeholder={any} searchable clearable data={users.map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` }))} value={userId} onChange={setUserId} data-testid="audit-user" />
          {patient ? (
            <div>
              <Text size="sm" fw={500}>{t('admin.audit.patient')}</Text>
              <Group gap="xs" mt={4}>
                <Badge size="lg" variant="light" color="teal" data-testid="audit-patient-chosen">{patient.fullName} · {formatDate(patient.birthDate)}</Badge>
                <Button size="compact-xs" variant="subtle" onClick={() => setPatient(null)}>{t('admin.audit.clear')}</Button>
              </Group>
            </div>
          ) : (
            <Select label={t('admin.audit.patient')} placeholder={t('admin.audit.patientSearch')} searchable clearable searchValue={patientQ} onSearchChange={setPatientQ} filter={({ options }) => options}
              data={patientHits.map((p) => ({ value: p.id, label: `${p.fullName} · ${formatDate(p.birthDate)}` }))} value={null}
              onChange={(id) => setPatient(patientHits.find((p) => p.id === id) ?? null)} data-testid="audit-patient" />
          )}
          <Select label={t('admin.audit.action')} placeholder={any} clearable searchable data={actions.map((a) => ({ value: a, label: labelOf(ACTIONS, a, lang) ?? a }))} value={action} onChange={setAction} data-testid="audit-action" />
          <Select label={t('admin.audit.outcome')} placeholder={any} clearable data={OUTCOMES.map((o) => ({ value: o, label: t(`admin.audit.outcome.${o}`) }))} value={outcome} onChange={setOutcome} data-testid="audit-outcome" />
          <DateInput label={t('admin.audit.from')} {...dateProps} value={from} onChange={(v) => setFrom(v ?? null)} data-testid="audit-from" />
          <DateInput label={t('admin.audit.to')} {...dateProps} value={to} onChange={(v) => setTo(v ?? null)} data-testid="audit-to" />
        </SimpleGrid>
        <Group mt="sm" justify="space-between">
          <Button variant="subtle" size="xs" onClick={clear}>{t('admin.audit.clear')}</Button>
          {patient && <Button leftSection={<IconFileExport size={16} />} onClick={() => setExporting(true)} data-testid="pdp-export">{t('admin.pdp.button')}</Button>}
        </Group>
      </Card>
      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing={6} data-testid="audit-table">
            <Table.Thead>
              <Table.Tr><Table.Th>{t('admin.audit.at')}</Table.Th><Table.Th>{t('admin.audit.user')}</Table.Th><Table.Th>{t('admin.audit.action')}</Table.Th><Table.Th>{t('admin.audit.resource')}</Table.Th><Table.Th>{t('admin.audit.patient')}</Table.Th><Table.Th>{t('admin.audit.outcome')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.seq} data-testid="audit-row" data-outcome={e.outcome} data-action={e.action}>
                  <Table.Td><Text size="sm">{formatDateTime(e.at)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{e.userFullName ?? t('admin.audit.system')}</Text>{e.username && <Text size="xs" c="dark.4">{e.username}</Text>}</Table.Td>
                  <Table.Td>{labelOf(ACTIONS, e.action, lang) ?? <Code>{e.action}</Code>}</Table.Td>
                  <Table.Td>{labelOf(RESOURCES, e.resourceType, lang) ?? <Code>{e.resourceType}</Code>}</Table.Td>
                  <Table.Td>{e.patientName ?? (e.patientId ? <Code>{e.patientId.slice(0, 8)}</Code> : '—')}</Table.Td>
                  <Table.Td><Badge color={e.outcome === 'success' ? 'teal' : e.outcome === 'denied' ? 'red' : 'gray'} variant={e.outcome === 'denied' ? 'filled' : 'light'}>{OUTCOMES.includes(e.outcome as never) ? t(`admin.audit.outcome.${e.outcome}`) : e.outcome}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {items.length === 0 && <Text p="md" c="dark.4" data-testid="audit-empty">{t('admin.audit.empty')}</Text>}
      </Card>
      <Group justify="space-between">
        <Text size="sm" c="dark.4" data-testid="audit-count">{t('admin.audit.count', { n: items.length })}</Text>
        {next && <Button variant="default" onClick={more} data-testid="audit-more">{t('admin.audit.more')}</Button>}
      </Group>
      <Modal opened={exporting} onClose={() => setExporting(false)} title={t('admin.pdp.title')}>
        {patient && (
          <Stack>
            <Text size="sm">{t('admin.pdp.body', { name: patient.fullName })}</Text>
            <TextInput label={t('admin.pdp.reference')} withAsterisk value={reference} onChange={(e) => setReference(e.currentTarget.value)} data-testid="pdp-reference" />
            {exportError && <Alert color="red">{exportError}</Alert>}
            <Button disabled={!reference.trim()} onClick={doExport} data-testid="pdp-download">{t('admin.pdp.download')}</Button>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
