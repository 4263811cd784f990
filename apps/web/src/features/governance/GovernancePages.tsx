/** Governance pages: registry, tool page (model card, versions, stages, kill switch, performance, report), incidents; and the suspension banner. */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, Modal, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { IconPlus } from '@tabler/icons-react';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate, formatDateTime, parseDayMonthYear } from '../../lib/format.ts';
import { type Banner, type ClaimMetric, governanceApi, type Incident, type Performance, type Prop, type Stage, type SuspensionScope, type Tool, type ToolDetail } from './api.ts';
import { FacilityStagesCard, GovernanceNotifications, useFacilityName } from './FacilityStops.tsx';

const STAGE_COLOR: Record<Stage, string> = { sandbox: 'gray', shadow: 'violet', pilot: 'blue', general: 'green', suspended: 'red', retired: 'dark' };
const RISK_COLOR = { high: 'red', medium: 'orange', low: 'teal' } as const;
/**
 * Three decimals in the UI language (issue 15, point 1): "0,912" in Vietnamese, "0.912" in English.
 * The language is the document's (I18nProvider sets <html lang> and re-renders on a switch).
 */
const f3 = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(x);
const ci = (p: { lower: number | null; upper: number | null }) => `${f3(p.lower)} – ${f3(p.upper)}`;

export function StageBadge({ stage, testId }: { stage: Stage; testId?: string }) {
  const { t } = useI18n();
  return <Badge color={STAGE_COLOR[stage]} variant={stage === 'suspended' ? 'filled' : 'light'} data-testid={testId}>{t(`gov.stage.${stage}`)}</Badge>;
}
export function RiskBadge({ tier }: { tier: Tool['riskTier'] }) {
  const { t } = useI18n();
  return <Badge color={RISK_COLOR[tier]} variant="outline">{t(`gov.risk.${tier}`)}</Badge>;
}

function useErr() {
  const { lang, t } = useI18n();
  return useCallback((e: unknown) => (e instanceof ApiError ? e.text(lang) : t('error.generic')), [lang, t]);
}

/** Shown above every page while a tool is suspended (kill switch). */
export function SuspensionBanner() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [list, setList] = useState<Banner[]>([]);
  useEffect(() => {
    if (!user) return;
    const ctrl = new AbortController();
    const load = () => governanceApi.banners(ctrl.signal).then(setList).catch(() => undefined);
    void load();
    const timer = setInterval(load, 60_000);
    return () => { ctrl.abort(); clearInterval(timer); };
  }, [user]);
  if (!list.length) return null;
  return (
    <Stack gap={4} mb="sm">
      {list.map((b) => <Alert key={`${b.toolId}|${b.facilityId ?? '*'}`} color="red" variant="filled" title={t('gov.stage.suspended')}>{lang === 'vi' ? b.messageVi : b.message}</Alert>)}
    </Stack>
  );
}

export function RegistryPage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const facilityName = useFacilityName();
  const err = useErr();
  const [tools, setTools] = useState<Tool[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    governanceApi.tools(ctrl.signal).then(setTools).catch((e) => { if (!ctrl.signal.aborted) setError(err(e)); });
    return () => ctrl.abort();
  }, [err]);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('gov.registry')}</Title>
        <Group>
          <Anchor component={Link} to="/governance/incidents">{t('gov.incidents')}</Anchor>
          {hasRole('governance_officer') && <Button component={Link} to="/governance/register" leftSection={<IconPlus size={16} />} data-testid="register-tool">{t('gov.register')}</Button>}
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      <GovernanceNotifications />
      <Table striped highlightOnHover>
        <Table.Thead><Table.Tr><Table.Th>{t('gov.tool')}</Table.Th><Table.Th>{t('gov.version')}</Table.Th><Table.Th>{t('gov.risk')}</Table.Th><Table.Th>{t('gov.stage')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(tools ?? []).map((x) => (
            <Table.Tr key={x.id} data-testid={`registry-row-${x.id}`}>
              <Table.Td><Anchor component={Link} to={`/governance/tools/${x.id}`}>{x.name}</Anchor> <Text span c="dimmed" size="xs">{x.id}</Text></Table.Td>
              <Table.Td>{x.currentVersion}</Table.Td>
              <Table.Td><RiskBadge tier={x.riskTier} /></Table.Td>
              <Table.Td><Group gap={4}><StageBadge stage={x.stage} testId={`registry-stage-${x.id}`} />{x.facilityStages.map((f) => <Badge key={f.facilityId} color={f.stage === 'suspended' ? 'red' : 'gray'} variant="outline" data-testid={`registry-facility-stage-${x.id}`}>{facilityName(f.facilityId)}: {t(`gov.stage.${f.stage}`)}</Badge>)}</Group></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** A square SVG chart on [0,1]²: ROC line or calibration points with their intervals. */
function UnitChart({ line, points, title }: { line?: Array<[number, number]>; points?: Array<{ x: number; y: number; lo: number | null; hi: number | null }>; title: string }) {
  const S = 220, P = 28;
  const X = (v: number) => P + v * (S - 2 * P);
  const Y = (v: number) => S - P - v * (S - 2 * P);
  return (
    <Card withBorder>
      <Text fw={600} size="sm">{title}</Text>
      <svg width={S} height={S} role="img" aria-label={title}>
        <rect x={X(0)} y={Y(1)} width={S - 2 * P} height={S - 2 * P} fill="none" stroke="#888" />
        <line x1={X(0)} y1={Y(0)} x2={X(1)} y2={Y(1)} stroke="#bbb" strokeDasharray="3 3" />
        {[0, 0.5, 1].map((v) => <text key={v} x={X(v)} y={S - 8} fontSize={10} textAnchor="middle">{v}</text>)}
        {[0, 0.5, 1].map((v) => <text key={`y${v}`} x={6} y={Y(v) + 3} fontSize={10}>{v}</text>)}
        {line && <polyline fill="none" stroke="#0b63ce" strokeWidth={2} points={line.map(([x, y]) => `${X(x)},${Y(y)}`).join(' ')} />}
        {points?.map((p, i) => (
          <g key={i}>
            {p.lo !== null && p.hi !== null && <line x1={X(p.x)} x2={X(p.x)} y1={Y(p.lo)} y2={Y(p.hi)} stroke="#d9480f" />}
            <circle cx={X(p.x)} cy={Y(p.y)} r={3} fill="#d9480f" />
          </g>
        ))}
      </svg>
    </Card>
  );
}

function SubgroupBar({ p, flagged }: { p: Prop; flagged: boolean }) {
  const w = 160;
  return (
    <svg width={w} height={12}>
      <rect width={w} height={12} fill="#eef2f7" />
      {p.estimate !== null && <rect width={w * p.estimate} height={12} fill={flagged ? '#c92a2a' : '#2f9e44'} />}
      {p.lower !== null && p.upper !== null && <line x1={w * p.lower} x2={w * p.upper} y1={6} y2={6} stroke="#000" />}
    </svg>
  );
}

function PerformancePanel({ toolId }: { toolId: string }) {
  const { t } = useI18n();
  const err = useErr();
  const [label, setLabel] = useState<string>(toolId.startsWith('vendor-chexnet') ? 'Effusion' : '');
  const [perf, setPerf] = useState<Performance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const labels = toolId.startsWith('vendor-chexnet') ? ['Atelectasis', 'Cardiomegaly', 'Effusion', 'Infiltration', 'Mass', 'Nodule', 'Pneumonia', 'Pneumothorax', 'Consolidation', 'Edema', 'Emphysema', 'Fibrosis', 'Pleural_Thickening', 'Hernia'] : [];
  useEffect(() => {
    const ctrl = new AbortController();
    setPerf(null);
    governanceApi.performance(toolId, label || undefined, ctrl.signal).then((p) => { setPerf(p); setError(null); }).catch((e) => { if (!ctrl.signal.aborted) setError(err(e)); });
    return () => ctrl.abort();
  }, [toolId, label, err]);
  const r = perf?.report;
  return (
    <Card withBorder>
      <Group justify="space-between">
        <Title order={4}>{t('gov.performance')}</Title>
        {labels.length > 0 && <Select aria-label={t('gov.finding')} data={labels} value={label} onChange={(v) => setLabel(v ?? '')} w={220} />}
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {perf && !r && <Alert color="gray" variant="light" data-testid="perf-empty">{t('gov.noData')} — {t('gov.empty.performance')}</Alert>}
      {r && (
        <Stack>
          <Text size="sm">{t('gov.cases')}: {r.n} ({r.positives} +, {r.negatives} −) · {t('gov.shadowNote')}</Text>
          <Table>
            <Table.Thead><Table.Tr><Table.Th>{t('gov.metric')}</Table.Th><Table.Th>{t('gov.estimate')}</Table.Th><Table.Th>{t('gov.ci')}</Table.Th><Table.Th>{t('gov.claim')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              <Table.Tr><Table.Td>AUROC</Table.Td><Table.Td>{f3(r.auroc.estimate)}</Table.Td><Table.Td>{ci(r.auroc)}</Table.Td><ClaimCell perf={perf!} metric="auroc" /></Table.Tr>
              {(['sensitivity', 'specificity', 'ppv', 'npv'] as const).map((m) => (
                <Table.Tr key={m}><Table.Td>{t(`gov.${m}`)}</Table.Td><Table.Td>{f3(r.metrics[m].estimate)}</Table.Td><Table.Td>{ci(r.metrics[m])}</Table.Td><ClaimCell perf={perf!} metric={m} /></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {Object.keys(perf!.claims).length > 0 && (
            <Text size="xs" c="dimmed" data-testid="claims-source">{t('gov.claimSource')}: {perf!.claimsSource ?? t('gov.claimRegistration')}</Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <UnitChart title={`${t('gov.roc')} (AUROC ${f3(r.auroc.estimate)})`} line={r.roc.points.map((p) => [p.fpr, p.tpr])} />
            {r.calibration && <UnitChart title={`${t('gov.calibration')} (ECE ${f3(r.calibration.ece)})`} points={r.calibration.bins.filter((b) => b.meanPredicted !== null && b.observed.estimate !== null).map((b) => ({ x: b.meanPredicted!, y: b.observed.estimate!, lo: b.observed.lower, hi: b.observed.upper }))} />}
          </SimpleGrid>
          <Title order={5}>{t('gov.subgroups')}</Title>
          {r.fairness.map((f) => (
            <Table key={f.column}>
              <Table.Thead><Table.Tr><Table.Th>{f.column}</Table.Th><Table.Th>n</Table.Th><Table.Th>{t('gov.sensitivity')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {f.groups.map((g) => (
                  <Table.Tr key={g.group}>
                    <Table.Td>{g.group}{g.group === f.reference ? ' (ref)' : ''}</Table.Td><Table.Td>{g.n}</Table.Td>
                    <Table.Td><SubgroupBar p={g.metrics.sensitivity} flagged={g.status === 'flagged'} /> {f3(g.metrics.sensitivity.estimate)} [{ci(g.metrics.sensitivity)}]</Table.Td>
                    <Table.Td>{g.status === 'flagged' && <Badge color="red" title={g.reason}>{t('gov.flagged')}</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
          <Title order={5}>{t('gov.drift')}</Title>
          <Text size="sm">{r.drift?.score ? `PSI ${f3(r.drift.score.psi)} · KS ${f3(r.drift.score.ks.statistic)} (p=${f3(r.drift.score.ks.p)}) · JS ${f3(r.drift.score.js)}` : '—'}</Text>
          <Title order={5}>{t('gov.alerts')}</Title>
          {perf!.alerts.length === 0 ? <Text size="sm" c="dimmed">{t('gov.noAlerts')}</Text> : perf!.alerts.map((a, i) => <Alert key={i} color={a.severity === 'critical' ? 'red' : 'yellow'}>{a.message}</Alert>)}
        </Stack>
      )}
    </Card>
  );
}

/** The claimed value, red when an alert says the data fall short of it. */
function ClaimCell({ perf, metric }: { perf: Performance; metric: ClaimMetric }) {
  const claim = perf.claims[metric];
  const alert = perf.alerts.find((a) => a.rule === 'below_claim' && a.metric === metric);
  return (
    <Table.Td>
      {claim === undefined ? '—' : <Text span size="sm" c={alert?.severity === 'critical' ? 'red' : alert ? 'orange.8' : undefined} fw={alert ? 600 : undefined}>{f3(claim)}</Text>}
    </Table.Td>
  );
}

const CARD_ORDER = ['summary', 'usesAndDirections', 'outOfScope', 'warnings', 'basicInfo', 'releaseInfo', 'trustIngredients', 'keyMetrics'];
/** Labels of the card's usual keys (the registration form's); others are spelled out from camelCase. */
const CARD_KEYS: Record<string, string> = {
  developer: 'gov.reg.developer', architecture: 'gov.reg.architecture', inputs: 'gov.reg.inputs', outputs: 'gov.reg.outputs', version: 'gov.version',
  releaseDate: 'gov.reg.releasedAt', regulatoryApproval: 'gov.reg.approval', intendedUse: 'gov.reg.intendedUse', intendedUsers: 'gov.reg.intendedUsers',
  patientPopulation: 'gov.reg.population', trainingData: 'gov.reg.trainingData', evaluation: 'gov.reg.evaluation', fairnessAssessment: 'gov.reg.fairnessAssessment',
  usefulnessEfficacy: 'gov.reg.usefulness', fairnessEquity: 'gov.reg.fairnessMetrics', safetyReliability: 'gov.reg.safetyMetrics',
};
const spelled = (k: string) => k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
/** A nested value in one line; an entry's `metric` comes first (the database keeps keys in its own order). */
const inline = (v: unknown): string => {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(inline).join('; ');
  if (typeof v !== 'object') return String(v);
  const e = Object.entries(v as Record<string, unknown>);
  return [...e.filter(([k]) => k === 'metric'), ...e.filter(([k]) => k !== 'metric')].map(([, x]) => inline(x)).join(' · ');
};

function CardValue({ value }: { value: unknown }): ReactNode {
  const { t } = useI18n();
  if (Array.isArray(value)) return value.length ? <List size="sm" spacing={2}>{value.map((v, i) => <List.Item key={i}>{inline(v)}</List.Item>)}</List> : <Text size="sm" c="dimmed">—</Text>;
  if (value && typeof value === 'object') {
    return (
      <Stack gap={2}>
        {Object.entries(value).map(([k, v]) => (
          <div key={k}>
            <Text size="xs" c="dimmed">{CARD_KEYS[k] ? t(CARD_KEYS[k]) : spelled(k)}</Text>
            {Array.isArray(v) ? <CardValue value={v} /> : <Text size="sm">{inline(v)}</Text>}
          </div>
        ))}
      </Stack>
    );
  }
  return <Text size="sm">{inline(value)}</Text>;
}

function ModelCardView({ card }: { card: Record<string, unknown> }) {
  const { t } = useI18n();
  const keys = [...CARD_ORDER.filter((k) => k in card), ...Object.keys(card).filter((k) => !CARD_ORDER.includes(k))];
  // An empty state says what to do next (issue 15, point 9).
  if (keys.length === 0) return <Alert color="gray" variant="light" data-testid="card-empty">{t('gov.empty.modelCard')}</Alert>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="sm">
      {keys.map((k) => (
        <div key={k} data-testid={`card-${k}`}>
          <Text fw={600} size="sm" mb={2}>{t(`gov.card.${k}`) === `gov.card.${k}` ? spelled(k) : t(`gov.card.${k}`)}</Text>
          <CardValue value={card[k]} />
        </div>
      ))}
    </SimpleGrid>
  );
}

/** Versions of the tool; the officer records a new one (it restarts at sandbox unless a change plan covers it). */
function VersionsCard({ tool, officer, onChanged }: { tool: ToolDetail; officer: boolean; onChanged: () => Promise<unknown> }) {
  const { t, lang } = useI18n();
  const [v, setV] = useState({ version: '', releasedAt: '', notes: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const e: Record<string, string> = {};
    if (!v.version.trim()) e.version = t('validation.required');
    if (!v.notes.trim()) e.notes = t('validation.required');
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      const r = await governanceApi.addVersion(tool.id, { version: v.version.trim(), notes: v.notes.trim(), ...(v.releasedAt ? { releasedAt: v.releasedAt } : {}) });
      setResult(r.coveredByChangePlan ? t('gov.ver.covered', { version: r.version }) : t('gov.ver.restarted', { version: r.version, count: r.restartedAtSandbox.length }));
      setV({ version: '', releasedAt: '', notes: '' });
      await onChanged();
    } catch (x) {
      if (x instanceof ApiError && x.field && ['version', 'releasedAt', 'notes'].includes(x.field)) setErrors({ [x.field]: x.text(lang) });
      else if (x instanceof ApiError && x.code === 'VERSION_EXISTS') setErrors({ version: x.text(lang) });
      else setErrors({ notes: x instanceof ApiError ? x.text(lang) : t('error.generic') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder data-testid="versions-card">
      <Title order={4}>{t('gov.versions')}</Title>
      <Table>
        <Table.Thead><Table.Tr><Table.Th>{t('gov.version')}</Table.Th><Table.Th>{t('gov.ver.releasedAt')}</Table.Th><Table.Th>{t('gov.ver.notes')}</Table.Th><Table.Th>{t('gov.ver.recordedAt')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {[...tool.versions].reverse().map((x) => (
            <Table.Tr key={x.version}>
              <Table.Td>{x.version} {x.version === tool.currentVersion && <Badge size="xs" variant="light">{t('gov.ver.current')}</Badge>}</Table.Td>
              <Table.Td>{x.releasedAt ? formatDate(x.releasedAt) : '—'}</Table.Td><Table.Td>{x.notes}</Table.Td><Table.Td>{formatDateTime(x.recordedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {tool.versions.length === 0 && <Alert color="gray" variant="light" mt="xs" data-testid="versions-empty">{t(officer ? 'gov.empty.versionsOfficer' : 'gov.empty.versions')}</Alert>}
      {tool.changePlan && <Text size="sm" mt="xs"><b>{t('gov.changePlan')}:</b> {tool.changePlan.description} ({tool.changePlan.coversVersions.join(', ')})</Text>}
      {officer && (
        <Stack gap="xs" mt="md">
          <Text fw={600} size="sm">{t('gov.ver.add')}</Text>
          <Text size="xs" c="dimmed">{t('gov.ver.rule')}</Text>
          <Group align="flex-start">
            <TextInput label={t('gov.ver.version')} withAsterisk w={160} value={v.version} error={errors.version} onChange={(e) => setV({ ...v, version: e.currentTarget.value })} data-testid="ver-version" />
            <DateInput label={t('gov.ver.releasedAt')} w={170} valueFormat="DD/MM/YYYY" dateParser={parseDayMonthYear} placeholder={t('common.dateFormat')} value={v.releasedAt || null} error={errors.releasedAt}
              onChange={(d) => setV({ ...v, releasedAt: d ?? '' })} data-testid="ver-releasedAt" />
            <TextInput label={t('gov.ver.notes')} withAsterisk style={{ flex: 1 }} miw={260} value={v.notes} error={errors.notes} onChange={(e) => setV({ ...v, notes: e.currentTarget.value })} data-testid="ver-notes" />
            <Button mt={25} variant="light" loading={busy} onClick={submit} data-testid="ver-submit">{t('gov.ver.add')}</Button>
          </Group>
          {result && <Alert color="teal" variant="light" data-testid="ver-result">{result}</Alert>}
        </Stack>
      )}
    </Card>
  );
}

const NEXT: Partial<Record<Stage, Stage[]>> = { sandbox: ['shadow'], shadow: ['pilot'], pilot: ['general'], general: [], suspended: ['retired', 'sandbox', 'shadow', 'pilot', 'general'] };

export function ToolPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const facilityName = useFacilityName();
  const err = useErr();
  const [tool, setTool] = useState<ToolDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reportId, setReportId] = useState('');
  const [kill, setKill] = useState(false);
  const officer = hasRole('governance_officer');
  const load = useCallback(() => governanceApi.tool(id).then(setTool).catch((e) => setError(err(e))), [id, err]);
  useEffect(() => { void load(); }, [load]);
  if (!tool) return error ? <Alert color="red">{error}</Alert> : null;
  const submit = async () => {
    try {
      await governanceApi.changeStage(id, { stage: stage as Stage, reason, ...(reportId ? { performanceReportId: reportId } : {}) });
      setReason(''); setReportId(''); setStage(null); setError(null); await load();
    } catch (e) { setError(err(e)); }
  };
  const suspend = async () => {
    try { await governanceApi.suspend(id, reason); setKill(false); setReason(''); setError(null); await load(); } catch (e) { setError(err(e)); setKill(false); }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Group><Title order={2}>{tool.name}</Title><RiskBadge tier={tool.riskTier} /><StageBadge stage={tool.stage} testId="tool-stage" /></Group>
        <Button component="a" href={governanceApi.reportUrl(id, lang)} variant="light">{t('gov.report')}</Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      <Card withBorder>
        <Text size="sm"><b>{t('gov.version')}:</b> {tool.currentVersion} · <b>{t('gov.licence')}:</b> {tool.licence || '—'}</Text>
        <Text size="sm"><b>{t('gov.rationale')}:</b> {tool.riskRationale}</Text>
        <Text size="sm"><b>{t('gov.portal')}:</b> {tool.portalNotification
          ? [t(`gov.portal.${tool.portalNotification.status}`), formatDate(tool.portalNotification.date), tool.portalNotification.referenceNumber].filter(Boolean).join(' · ')
          : '—'}</Text>
        <Title order={4} mt="md" mb="xs">{t('gov.modelCard')}</Title>
        <ModelCardView card={tool.modelCard} />
      </Card>
      <VersionsCard tool={tool} officer={officer} onChanged={load} />
      {officer && (
        <Card withBorder>
          <Title order={4}>{t('gov.changeStage')}</Title>
          <Group align="end">
            <Select label={t('gov.stage')} data={(NEXT[tool.stage] ?? []).map((s) => ({ value: s, label: t(`gov.stage.${s}`) }))} value={stage} onChange={setStage} w={180} data-testid="stage-select" />
            <TextInput label={t('gov.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={320} required />
            <TextInput label={t('gov.reportId')} value={reportId} onChange={(e) => setReportId(e.currentTarget.value)} w={200} />
            <Button onClick={submit} disabled={!stage || !reason.trim()} data-testid="stage-save">{t('gov.save')}</Button>
            <Button color="red" onClick={() => setKill(true)} disabled={!reason.trim() || tool.stage === 'suspended'}>{t('gov.kill')}</Button>
          </Group>
          <Modal opened={kill} onClose={() => setKill(false)} title={t('gov.kill')}>
            <Text>{t('gov.killConfirm')}</Text>
            <Group mt="md" justify="end"><Button variant="default" onClick={() => setKill(false)}>{t('gov.cancel')}</Button><Button color="red" onClick={suspend}>{t('gov.confirm')}</Button></Group>
          </Modal>
        </Card>
      )}
      <FacilityStagesCard tool={tool} officer={officer} onChanged={load} />
      <Card withBorder>
        <Title order={4}>{t('gov.history')}</Title>
        <Table>
          <Table.Tbody>
            {tool.stageHistory.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>{formatDateTime(h.decidedAt)}</Table.Td><Table.Td>v{h.toolVersion}</Table.Td>
                <Table.Td>{h.fromStage ? t(`gov.stage.${h.fromStage}`) : '—'} → {t(`gov.stage.${h.toStage}`)}{h.facilityId && <Text span size="xs" c="dimmed"> ({facilityName(h.facilityId)})</Text>}</Table.Td>
                <Table.Td>{h.reason}</Table.Td><Table.Td>{h.decidedByName ?? (h.automatic ? 'auto' : '—')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {(officer || hasRole('facility_admin')) && <PerformancePanel toolId={id} />}
    </Stack>
  );
}

export function IncidentsPage() {
  const { t } = useI18n();
  const { hasRole, user } = useAuth();
  const err = useErr();
  const facilityName = useFacilityName();
  const [tools, setTools] = useState<Tool[]>([]);
  const [list, setList] = useState<Incident[] | null>(null);
  const empty = { toolId: '', description: '', harm: 'none', suspendTool: false, facilityId: '', suspensionScope: 'facility' as SuspensionScope };
  const [form, setForm] = useState(empty);
  const governance = hasRole('governance_officer');
  const facilities = user?.facilities ?? [];
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const canList = hasRole('governance_officer', 'facility_admin');
  const load = useCallback(() => { if (canList) governanceApi.incidents().then(setList).catch((e) => setMsg({ ok: false, text: err(e) })); }, [canList, err]);
  useEffect(() => { governanceApi.tools().then(setTools).catch(() => undefined); load(); }, [load]);
  const serious = form.harm === 'severe' || form.harm === 'death';
  const submit = async () => {
    try {
      const suspend = serious && form.suspendTool;
      const facilityId = form.facilityId || (facilities.length === 1 ? facilities[0]!.id : '');
      await governanceApi.reportIncident({
        toolId: form.toolId, description: form.description, harm: form.harm, suspendTool: suspend,
        ...(facilityId ? { facilityId } : {}), ...(suspend ? { suspensionScope: governance ? form.suspensionScope : 'facility' } : {}),
      });
      setForm(empty); setMsg({ ok: true, text: '✓' }); load();
    } catch (e) { setMsg({ ok: false, text: err(e) }); }
  };
  return (
    <Stack>
      <Title order={2}>{t('gov.incidents')}</Title>
      <Card withBorder>
        <Title order={4}>{t('gov.reportIncident')}</Title>
        <Stack gap="xs">
          <Select label={t('gov.tool')} data={tools.map((x) => ({ value: x.id, label: x.name }))} value={form.toolId || null} onChange={(v) => setForm({ ...form, toolId: v ?? '' })} required />
          <Select label={t('gov.harm')} data={['none', 'minor', 'moderate', 'severe', 'death'].map((h) => ({ value: h, label: t(`gov.harm.${h}`) }))} value={form.harm} onChange={(v) => setForm({ ...form, harm: v ?? 'none' })} />
          <Textarea label={t('gov.description')} value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} required />
          <Checkbox label={governance ? t('gov.suspendToo') : t('gov.suspendHere')} checked={form.suspendTool} disabled={!serious} onChange={(e) => setForm({ ...form, suspendTool: e.currentTarget.checked })} data-testid="incident-suspend" />
          {serious && form.suspendTool && governance && (
            <Select label={t('gov.scope')} data={(['facility', 'global'] as const).map((v) => ({ value: v, label: t(`gov.scope.${v}`) }))} value={form.suspensionScope}
              onChange={(v) => setForm({ ...form, suspensionScope: (v ?? 'facility') as SuspensionScope })} w={240} data-testid="incident-scope" />
          )}
          {serious && form.suspendTool && facilities.length > 1 && (!governance || form.suspensionScope === 'facility') && (
            <Select label={t('gov.suspendAt')} required data={facilities.map((f) => ({ value: f.id, label: f.name }))} value={form.facilityId || null}
              onChange={(v) => setForm({ ...form, facilityId: v ?? '' })} w={320} data-testid="incident-facility" />
          )}
          <Group><Button onClick={submit} disabled={!form.toolId || !form.description.trim()}>{t('gov.submit')}</Button>{msg && <Text c={msg.ok ? 'green' : 'red'}>{msg.text}</Text>}</Group>
        </Stack>
      </Card>
      {canList && list && (
        <Table striped>
          <Table.Thead><Table.Tr><Table.Th>{t('gov.tool')}</Table.Th><Table.Th>{t('gov.harm')}</Table.Th><Table.Th>{t('gov.description')}</Table.Th><Table.Th>{t('gov.deadline')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.toolName}</Table.Td>
                <Table.Td><Badge color={i.serious ? 'red' : 'gray'}>{t(`gov.harm.${i.harm}`)}</Badge></Table.Td>
                <Table.Td>{i.description}</Table.Td>
                <Table.Td>{i.notifyDeadline ? formatDateTime(i.notifyDeadline) : '—'} {i.overdue && <Badge color="red">{t('gov.overdue')}</Badge>}
                  {i.suspendedTool && <Badge color="red" variant="outline" ml={4}>{t('gov.suspended')}: {i.suspensionScope === 'facility' ? facilityName(i.facilityId) : t('gov.scope.global')}</Badge>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canList && <Group><Anchor href="/api/governance/incidents/export?format=csv">CSV</Anchor><Anchor href="/api/governance/incidents/export?format=json">JSON</Anchor></Group>}
    </Stack>
  );
}
