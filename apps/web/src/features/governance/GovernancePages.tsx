/** Governance pages: registry, tool page (model card, stages, kill switch, performance, report), incidents; and the suspension banner. */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type Banner, governanceApi, type Incident, type Performance, type Prop, type Stage, type Tool, type ToolDetail } from './api.ts';

const STAGE_COLOR: Record<Stage, string> = { sandbox: 'gray', shadow: 'violet', pilot: 'blue', general: 'green', suspended: 'red', retired: 'dark' };
const RISK_COLOR = { high: 'red', medium: 'orange', low: 'teal' } as const;
const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
const ci = (p: { lower: number | null; upper: number | null }) => `${f3(p.lower)} – ${f3(p.upper)}`;

export function StageBadge({ stage }: { stage: Stage }) {
  const { t } = useI18n();
  return <Badge color={STAGE_COLOR[stage]} variant={stage === 'suspended' ? 'filled' : 'light'}>{t(`gov.stage.${stage}`)}</Badge>;
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
      {list.map((b) => <Alert key={b.toolId} color="red" variant="filled" title={t('gov.stage.suspended')}>{lang === 'vi' ? b.messageVi : b.message}</Alert>)}
    </Stack>
  );
}

export function RegistryPage() {
  const { t } = useI18n();
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
      <Group justify="space-between"><Title order={2}>{t('gov.registry')}</Title><Anchor component={Link} to="/governance/incidents">{t('gov.incidents')}</Anchor></Group>
      {error && <Alert color="red">{error}</Alert>}
      <Table striped highlightOnHover>
        <Table.Thead><Table.Tr><Table.Th>{t('gov.tool')}</Table.Th><Table.Th>{t('gov.version')}</Table.Th><Table.Th>{t('gov.risk')}</Table.Th><Table.Th>{t('gov.stage')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(tools ?? []).map((x) => (
            <Table.Tr key={x.id}>
              <Table.Td><Anchor component={Link} to={`/governance/tools/${x.id}`}>{x.name}</Anchor> <Text span c="dimmed" size="xs">{x.id}</Text></Table.Td>
              <Table.Td>{x.currentVersion}</Table.Td>
              <Table.Td><RiskBadge tier={x.riskTier} /></Table.Td>
              <Table.Td><Group gap={4}><StageBadge stage={x.stage} />{x.facilityStages.map((f) => <StageBadge key={f.facilityId} stage={f.stage} />)}</Group></Table.Td>
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
      {perf && !r && <Text c="dimmed">{t('gov.noData')}</Text>}
      {r && (
        <Stack>
          <Text size="sm">{t('gov.cases')}: {r.n} ({r.positives} +, {r.negatives} −) · {t('gov.shadowNote')}</Text>
          <Table>
            <Table.Thead><Table.Tr><Table.Th>{t('gov.metric')}</Table.Th><Table.Th>{t('gov.estimate')}</Table.Th><Table.Th>{t('gov.ci')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              <Table.Tr><Table.Td>AUROC</Table.Td><Table.Td>{f3(r.auroc.estimate)}</Table.Td><Table.Td>{ci(r.auroc)}</Table.Td></Table.Tr>
              {(['sensitivity', 'specificity', 'ppv', 'npv'] as const).map((m) => (
                <Table.Tr key={m}><Table.Td>{t(`gov.${m}`)}</Table.Td><Table.Td>{f3(r.metrics[m].estimate)}</Table.Td><Table.Td>{ci(r.metrics[m])}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
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

const NEXT: Partial<Record<Stage, Stage[]>> = { sandbox: ['shadow'], shadow: ['pilot'], pilot: ['general'], general: [], suspended: ['retired', 'sandbox', 'shadow', 'pilot', 'general'] };

export function ToolPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
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
        <Group><Title order={2}>{tool.name}</Title><RiskBadge tier={tool.riskTier} /><StageBadge stage={tool.stage} /></Group>
        <Button component="a" href={governanceApi.reportUrl(id, lang)} variant="light">{t('gov.report')}</Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      <Card withBorder>
        <Text size="sm"><b>{t('gov.version')}:</b> {tool.currentVersion} · <b>{t('gov.licence')}:</b> {tool.licence || '—'}</Text>
        <Text size="sm"><b>{t('gov.rationale')}:</b> {tool.riskRationale}</Text>
        <Text size="sm"><b>{t('gov.portal')}:</b> {tool.portalNotification ? `${tool.portalNotification.date} · ${tool.portalNotification.referenceNumber} · ${tool.portalNotification.status}` : '—'}</Text>
        <Title order={4} mt="sm">{t('gov.modelCard')}</Title>
        {Object.entries(tool.modelCard).map(([k, v]) => (
          <Text key={k} size="sm"><b>{k}:</b> {typeof v === 'string' ? v : JSON.stringify(v)}</Text>
        ))}
      </Card>
      {officer && (
        <Card withBorder>
          <Title order={4}>{t('gov.changeStage')}</Title>
          <Group align="end">
            <Select label={t('gov.stage')} data={(NEXT[tool.stage] ?? []).map((s) => ({ value: s, label: t(`gov.stage.${s}`) }))} value={stage} onChange={setStage} w={180} />
            <TextInput label={t('gov.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={320} required />
            <TextInput label={t('gov.reportId')} value={reportId} onChange={(e) => setReportId(e.currentTarget.value)} w={200} />
            <Button onClick={submit} disabled={!stage || !reason.trim()}>{t('gov.save')}</Button>
            <Button color="red" onClick={() => setKill(true)} disabled={!reason.trim() || tool.stage === 'suspended'}>{t('gov.kill')}</Button>
          </Group>
          <Modal opened={kill} onClose={() => setKill(false)} title={t('gov.kill')}>
            <Text>{t('gov.killConfirm')}</Text>
            <Group mt="md" justify="end"><Button variant="default" onClick={() => setKill(false)}>{t('gov.cancel')}</Button><Button color="red" onClick={suspend}>{t('gov.confirm')}</Button></Group>
          </Modal>
        </Card>
      )}
      <Card withBorder>
        <Title order={4}>{t('gov.history')}</Title>
        <Table>
          <Table.Tbody>
            {tool.stageHistory.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>{formatDateTime(h.decidedAt)}</Table.Td><Table.Td>v{h.toolVersion}</Table.Td>
                <Table.Td>{h.fromStage ? t(`gov.stage.${h.fromStage}`) : '—'} → {t(`gov.stage.${h.toStage}`)}</Table.Td>
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
  const { hasRole } = useAuth();
  const err = useErr();
  const [tools, setTools] = useState<Tool[]>([]);
  const [list, setList] = useState<Incident[] | null>(null);
  const [form, setForm] = useState({ toolId: '', description: '', harm: 'none', suspendTool: false });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const canList = hasRole('governance_officer', 'facility_admin');
  const load = useCallback(() => { if (canList) governanceApi.incidents().then(setList).catch((e) => setMsg({ ok: false, text: err(e) })); }, [canList, err]);
  useEffect(() => { governanceApi.tools().then(setTools).catch(() => undefined); load(); }, [load]);
  const serious = form.harm === 'severe' || form.harm === 'death';
  const submit = async () => {
    try {
      await governanceApi.reportIncident({ ...form, suspendTool: serious && form.suspendTool });
      setForm({ toolId: '', description: '', harm: 'none', suspendTool: false }); setMsg({ ok: true, text: '✓' }); load();
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
          <Checkbox label={t('gov.suspendToo')} checked={form.suspendTool} disabled={!serious} onChange={(e) => setForm({ ...form, suspendTool: e.currentTarget.checked })} />
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
                <Table.Td>{i.notifyDeadline ? formatDateTime(i.notifyDeadline) : '—'} {i.overdue && <Badge color="red">{t('gov.overdue')}</Badge>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canList && <Group><Anchor href="/api/governance/incidents/export?format=csv">CSV</Anchor><Anchor href="/api/governance/incidents/export?format=json">JSON</Anchor></Group>}
    </Stack>
  );
}
