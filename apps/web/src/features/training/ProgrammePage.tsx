/**
 * Programme management for facility admins and governance officers: the cohort dashboard (by role,
 * facility or province: enrolled, started, completed, pass rate, pre → post and Hake's gain per
 * module, CSV export) and enrolment by CSV (upload progress, the per-row problems when refused).
 */
import { BarChart } from '@mantine/charts';
import { Alert, Anchor, Button, Card, FileButton, Group, Loader, Progress, SegmentedControl, Select, SimpleGrid, Stack, Table, Tabs, Text, Textarea, Title } from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { type DashFilter, type EnrolmentProblem, type Overview, programmeApi, trainingApi } from './api.ts';
import { num, pct } from './format.ts';
import { type DashboardGroup, type GroupBy, moduleGains, rollUp, totals } from './programme.ts';

const ROLES = ['station_staff', 'nurse', 'doctor', 'radiologist', 'pharmacist', 'manager', 'administrator', 'lecturer'];
const TEMPLATE = '\ufeffnational_id,full_name,role,facility_code,province,cohort,start_date\r\n019170000001,Nguyễn Thị An,nurse,BVDK-TN,Thái Nguyên,Khoá 1/2026,05/01/2026\r\n';

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card withBorder p="xs">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="xl" data-testid={testId}>{value}</Text>
    </Card>
  );
}

function Dashboard({ refreshKey }: { refreshKey: number }) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [filter, setFilter] = useState<DashFilter>({});
  const [by, setBy] = useState<GroupBy>('role');
  const [groups, setGroups] = useState<DashboardGroup[] | null>(null);
  const [all, setAll] = useState<DashboardGroup[]>([]);
  const [modules, setModules] = useState<Overview['modules']>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { trainingApi.me().then((o) => setModules(o.modules)).catch(() => undefined); }, []);
  useEffect(() => {
    const ctrl = new AbortController();
    setGroups(null);
    programmeApi.dashboard(filter, ctrl.signal).then((d) => {
      setGroups(d.groups);
      if (!filter.province && !filter.facilityId && !filter.role) setAll(d.groups);
    }).catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : String(e)); });
    return () => ctrl.abort();
  }, [filter, lang, refreshKey]);
  const roleName = useCallback((r: string) => (ROLES.includes(r) ? t(`training.role.${r}`) : r), [t]);
  const rows = useMemo(() => (groups ? rollUp(groups, by) : []), [groups, by]);
  const gains = useMemo(() => (groups ? moduleGains(groups, modules) : []), [groups, modules]);
  const sum = groups ? totals(groups) : null;
  const provinces = [...new Set(all.map((g) => g.province))].sort((a, b) => a.localeCompare(b, 'vi'));
  const facilities = (user?.facilities ?? []).filter((f) => !f.code.startsWith('TRAINING'));
  const passRate = groups && groups.some((g) => g.passRate !== null)
    ? groups.reduce((s, g) => s + (g.passRate ?? 0) * g.started, 0) / Math.max(1, groups.filter((g) => g.passRate !== null).reduce((s, g) => s + g.started, 0)) : null;
  const label = (r: { label: string }) => (by === 'role' ? roleName(r.label) : r.label);
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap" align="flex-end">
        <Select label={t('training.by.province')} data={[{ value: '', label: t('training.allProvinces') }, ...provinces.map((p) => ({ value: p, label: p }))]}
          value={filter.province ?? ''} onChange={(v) => setFilter((f) => ({ ...f, province: v || undefined }))} w={{ base: '100%', xs: 180 }} allowDeselect={false} data-testid="filter-province" />
        <Select label={t('training.by.facility')} data={[{ value: '', label: t('training.allFacilities') }, ...facilities.map((f) => ({ value: f.id, label: f.name }))]}
          value={filter.facilityId ?? ''} onChange={(v) => setFilter((f) => ({ ...f, facilityId: v || undefined }))} w={{ base: '100%', xs: 240 }} allowDeselect={false} data-testid="filter-facility" />
        <Select label={t('training.by.role')} data={[{ value: '', label: t('training.allRoles') }, ...ROLES.map((r) => ({ value: r, label: roleName(r) }))]}
          value={filter.role ?? ''} onChange={(v) => setFilter((f) => ({ ...f, role: v || undefined }))} w={{ base: '100%', xs: 200 }} allowDeselect={false} data-testid="filter-role" />
        <Button component="a" href={programmeApi.csvHref(filter)} download variant="light" leftSection={<IconDownload size={16} />} data-testid="export-csv">{t('training.exportCsv')}</Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {!groups || !sum ? <Loader /> : sum.enrolled === 0 ? <Text c="dimmed" data-testid="no-learners">{t('training.noLearners')}</Text> : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            <Stat label={t('training.enrolled')} value={String(sum.enrolled)} testId="total-enrolled" />
            <Stat label={t('training.started')} value={String(sum.started)} testId="total-started" />
            <Stat label={t('training.completed')} value={String(sum.completed)} testId="total-completed" />
            <Stat label={t('training.completion')} value={pct(sum.completed / sum.enrolled, lang, 1)} />
            <Stat label={t('training.passRate')} value={pct(passRate, lang, 1)} />
          </SimpleGrid>
          <Card withBorder p="sm">
            <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
              <Text fw={600}>{t('training.completion')}</Text>
              <Group gap={6}><Text size="sm" c="dimmed">{t('training.groupBy')}</Text>
                <SegmentedControl size="xs" value={by} onChange={(v) => setBy(v as GroupBy)} data={(['role', 'facility', 'province'] as const).map((v) => ({ value: v, label: t(`training.by.${v}`) }))} data-testid="group-by" />
              </Group>
            </Group>
            <BarChart h={Math.max(160, rows.length * 36)} data={rows.map((r) => ({ name: label(r), [t('training.enrolled')]: r.enrolled, [t('training.started')]: r.started, [t('training.completed')]: r.completed }))}
              dataKey="name" orientation="vertical" yAxisProps={{ width: 130 }} xAxisProps={{ allowDecimals: false }} withLegend
              series={[{ name: t('training.enrolled'), color: 'gray.5' }, { name: t('training.started'), color: 'blue.5' }, { name: t('training.completed'), color: 'green.6' }]} />
            <Table.ScrollContainer minWidth={420} mt="xs">
              <Table striped data-testid="rollup-table">
                <Table.Thead><Table.Tr>
                  <Table.Th>{t(`training.by.${by}`)}</Table.Th><Table.Th ta="right">{t('training.enrolled')}</Table.Th><Table.Th ta="right">{t('training.started')}</Table.Th>
                  <Table.Th ta="right">{t('training.completed')}</Table.Th><Table.Th ta="right">{t('training.completion')}</Table.Th>
                </Table.Tr></Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.key} data-testid={`rollup-${r.key}`}>
                      <Table.Td>{label(r)}</Table.Td><Table.Td ta="right">{r.enrolled}</Table.Td><Table.Td ta="right">{r.started}</Table.Td>
                      <Table.Td ta="right">{r.completed}</Table.Td><Table.Td ta="right">{pct(r.completion, lang, 1)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <Card withBorder p="sm">
            <Text fw={600} mb="xs">{t('training.moduleGains')}</Text>
            <Table.ScrollContainer minWidth={420}>
              <Table striped data-testid="gain-table">
                <Table.Thead><Table.Tr>
                  <Table.Th>{t('training.module')}</Table.Th><Table.Th ta="right">{t('training.preCol')}</Table.Th><Table.Th ta="right">{t('training.postCol')}</Table.Th>
                  <Table.Th ta="right">{t('training.gainCol')}</Table.Th><Table.Th ta="right">{t('training.hakeCol')}</Table.Th>
                </Table.Tr></Table.Thead>
                <Table.Tbody>
                  {gains.map((g) => (
                    <Table.Tr key={g.moduleId}>
                      <Table.Td>{modules.find((m) => m.id === g.moduleId)?.title[lang] ?? g.moduleId}</Table.Td>
                      <Table.Td ta="right">{pct(g.pre, lang, 1)}</Table.Td><Table.Td ta="right">{pct(g.post, lang, 1)}</Table.Td>
                      <Table.Td ta="right">{g.gain === null ? '—' : `${g.gain >= 0 ? '+' : ''}${pct(g.gain, lang, 1)}`}</Table.Td>
                      <Table.Td ta="right" data-testid={`hake-${g.moduleId}`}>{num(g.hake, lang)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dimmed" mt={4}>{t('training.hakeNote')}</Text>
          </Card>
          <Card withBorder p="sm">
            <Text fw={600} mb="xs">{t('training.groups')}</Text>
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="group-table">
                <Table.Thead><Table.Tr>
                  <Table.Th>{t('training.by.province')}</Table.Th><Table.Th>{t('training.by.facility')}</Table.Th><Table.Th>{t('training.by.role')}</Table.Th>
                  <Table.Th ta="right">{t('training.enrolled')}</Table.Th><Table.Th ta="right">{t('training.started')}</Table.Th><Table.Th ta="right">{t('training.completed')}</Table.Th>
                  <Table.Th ta="right">{t('training.passRate')}</Table.Th><Table.Th ta="right">{t('training.overReliance')}</Table.Th>
                </Table.Tr></Table.Thead>
                <Table.Tbody>
                  {groups.map((g) => (
                    <Table.Tr key={`${g.province}|${g.facilityId}|${g.role}`}>
                      <Table.Td>{g.province}</Table.Td><Table.Td>{g.facilityName}</Table.Td><Table.Td>{roleName(g.role)}</Table.Td>
                      <Table.Td ta="right">{g.enrolled}</Table.Td><Table.Td ta="right">{g.started}</Table.Td><Table.Td ta="right">{g.completed}</Table.Td>
                      <Table.Td ta="right">{pct(g.passRate, lang, 1)}</Table.Td><Table.Td ta="right">{pct(g.cxrOverReliance, lang, 1)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </>
      )}
    </Stack>
  );
}

function Enrolment({ onImported }: { onImported: () => void }) {
  const { t, lang } = useI18n();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problems, setProblems] = useState<{ list: EnrolmentProblem[]; total: number } | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pick = async (file: File | null) => {
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    setProblems(null); setDone(null); setError(null);
  };
  const send = async () => {
    setProblems(null); setDone(null); setError(null); setProgress(0);
    try {
      const r = await programmeApi.importCsv(csv, setProgress);
      setDone(r.imported);
      onImported();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ENROLMENT_INVALID') {
        const d = e.details as { errors: EnrolmentProblem[]; total: number };
        setProblems({ list: d.errors, total: d.total });
      } else setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <Stack gap="sm" maw={900}>
      <Text size="sm" c="dimmed">{t('training.csvHelp')}</Text>
      <Group gap="xs" wrap="wrap">
        <FileButton onChange={pick} accept=".csv,text/csv">
          {(props) => <Button {...props} variant="default" leftSection={<IconUpload size={16} />} data-testid="choose-csv">{t('training.chooseFile')}</Button>}
        </FileButton>
        {fileName && <Text size="sm" data-testid="csv-name">{fileName}</Text>}
        <Anchor size="sm" href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`} download="enrolment-template.csv">{t('training.template')}</Anchor>
      </Group>
      <Textarea label={t('training.csvPaste')} value={csv} onChange={(e) => { setCsv(e.currentTarget.value); setFileName(null); }} autosize minRows={4} maxRows={12} styles={{ input: { fontSize: 13 } }} data-testid="csv-text" />
      <Group>
        <Button onClick={send} disabled={!csv.trim() || progress !== null} loading={progress !== null} data-testid="csv-upload">{t('training.upload')}</Button>
      </Group>
      {progress !== null && <Progress value={progress * 100} aria-label={t('training.uploading', { pct: pct(progress, lang) })} data-testid="upload-progress" />}
      {done !== null && <Alert color="green" data-testid="import-ok">{t('training.imported', { n: done })}</Alert>}
      {error && <Alert color="red">{error}</Alert>}
      {problems && (
        <Alert color="red" title={t('training.rowErrors', { n: problems.total })} data-testid="import-errors">
          <Table.ScrollContainer minWidth={360}>
            <Table>
              <Table.Thead><Table.Tr><Table.Th>{t('training.row')}</Table.Th><Table.Th>{t('training.field')}</Table.Th><Table.Th>{t('training.problem')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {problems.list.map((p, i) => (
                  <Table.Tr key={i} data-testid={`row-error-${p.row}`}>
                    <Table.Td>{p.row}</Table.Td><Table.Td><code>{p.field}</code></Table.Td><Table.Td>{lang === 'vi' ? p.messageVi : p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Alert>
      )}
    </Stack>
  );
}

export function ProgrammePage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const [tab, setTab] = useState<string | null>('dashboard');
  const [refresh, setRefresh] = useState(0);
  return (
    <Stack gap="sm" maw={1100}>
      <div>
        <Title order={2}>{t('training.programme')}</Title>
        <Text c="dimmed" size="sm">{t('training.programmeIntro')}</Text>
      </div>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="dashboard" data-testid="tab-dashboard">{t('training.dashboard')}</Tabs.Tab>
          <Tabs.Tab value="enrolment" data-testid="tab-enrolment">{t('training.enrolment')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="dashboard" pt="sm"><Dashboard refreshKey={refresh} /></Tabs.Panel>
        <Tabs.Panel value="enrolment" pt="sm">
          {hasRole('facility_admin') ? <Enrolment onImported={() => setRefresh((n) => n + 1)} /> : <Alert>{t('training.enrolAdminOnly')}</Alert>}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
