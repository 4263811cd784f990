/**
 * The network dashboard: national view (a tile-grid map of the 34 provinces, charts, a table) and a
 * province's stations (link, last sync, queue, indicators). Counts and rates only; CSV export.
 */
import { Anchor, Badge, Button, Card, Group, Paper, ScrollArea, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title, Tooltip as MTooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { VN_GRID_COLS, VN_GRID_ROWS, VN_PROVINCES } from '@yte/sync/network';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { agoText } from '../sync/syncLabel.ts';
import { fmtInt, fmtNum1, fmtPct, inkOn, ramp } from './format.ts';

export interface Indicators {
  stations: number; enrolled: number; live: number; late: number; offline: number; never: number; lastSyncAt: string | null; maxLagSeconds: number | null; queue: number;
  population: number; popAdult40: number; popUnder5: number; visits: number; htn: number; dm: number; tb: number; nutrition: number; cvd: number;
  coverage: { htn: number | null; dm: number | null; cvd: number | null; nutrition: number | null }; tbPer1000: number | null;
  suggestions: number; decided: number; overridden: number; overrideRate: number | null; alerts: number; alertsAcked: number; meanAckMinutes: number | null; referrals: number;
  tools: Record<'sandbox' | 'shadow' | 'pilot' | 'general' | 'suspended' | 'retired', number>;
}
interface National { from: string; to: string; days: number; total: Indicators; provinces: Array<{ code: string; name: string; communes: number; indicators: Indicators }> }
interface Station { facilityId: string; code: string; name: string; commune: string; level: string; link: 'local' | 'never' | 'live' | 'late' | 'offline'; lastSyncAt: string | null; lagSeconds: number | null; queue: number | null; indicators: Indicators }
interface ProvinceView { from: string; to: string; days: number; code: string; name: string; total: Indicators; stations: Station[] }

type Metric = 'live' | 'htn' | 'visits' | 'override';
const LINK_COLOR: Record<Station['link'], string> = { live: 'teal', late: 'yellow', offline: 'red', never: 'gray', local: 'blue' };

function usePeriod(): [string, (d: string) => void] {
  const [days, setDays] = useState(() => sessionStorage.getItem('yte.network.days') ?? '365');
  return [days, (d) => { sessionStorage.setItem('yte.network.days', d); setDays(d); }];
}

function PeriodBar({ days, setDays, csv }: { days: string; setDays: (d: string) => void; csv: string }) {
  const { t } = useI18n();
  return (
    <Group justify="space-between" wrap="wrap" gap="xs">
      <SegmentedControl size="xs" value={days} onChange={setDays} aria-label={t('network.period')} data={[
        { value: '30', label: t('network.days30') }, { value: '90', label: t('network.days90') }, { value: '365', label: t('network.days365') }]} />
      <Button component="a" href={csv} download variant="light" size="xs" leftSection={<IconDownload size={14} />} data-testid="network-csv">{t('network.csv')}</Button>
    </Group>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="xl">{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

function Summary({ i }: { i: Indicators }) {
  const { t, lang } = useI18n();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs">
      <Stat testId="stat-live" label={t('network.stationsLive')} value={`${fmtInt(i.live, lang)} / ${fmtInt(i.enrolled, lang)}`}
        hint={`${t('network.queue')}: ${fmtInt(i.queue, lang)}`} />
      <Stat label={t('network.visits')} value={fmtInt(i.visits, lang)} hint={`${t('network.population')}: ${fmtInt(i.population, lang)}`} />
      <Stat testId="stat-htn" label={t('network.htnCoverage')} value={fmtPct(i.coverage.htn, lang)} hint={`${fmtInt(i.htn, lang)} / ${fmtInt(i.popAdult40, lang)}`} />
      <Stat label={t('network.overrideRate')} value={fmtPct(i.overrideRate, lang)} hint={`${t('network.aiUse')}: ${fmtInt(i.decided, lang)}`} />
      <Stat label={t('network.meanAck')} value={i.meanAckMinutes === null ? '—' : t('network.minutes', { n: fmtNum1(i.meanAckMinutes, lang) })} hint={`${t('network.alerts')}: ${fmtInt(i.alerts, lang)}`} />
      <Stat label={t('network.referrals')} value={fmtInt(i.referrals, lang)} hint={`${t('network.tbPer1000')}: ${fmtNum1(i.tbPer1000, lang)}`} />
    </SimpleGrid>
  );
}

function CoverageChart({ i }: { i: Indicators }) {
  const { t, lang } = useI18n();
  const data = [
    { k: t('network.htnCoverage'), v: i.coverage.htn }, { k: t('network.dmCoverage'), v: i.coverage.dm },
    { k: t('network.cvdCoverage'), v: i.coverage.cvd }, { k: t('network.nutritionCoverage'), v: i.coverage.nutrition },
  ].map((d) => ({ k: d.k, v: d.v === null ? 0 : Math.round(d.v * 1000) / 10 }));
  return (
    <Card withBorder data-testid="coverage-chart">
      <Text fw={600} size="sm" mb="xs">{t('network.coverageChart')}</Text>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 100]} unit=" %" tickFormatter={(v: number) => v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')} />
          <YAxis type="category" dataKey="k" width={150} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => `${Number(v).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')} %`} />
          <Bar dataKey="v" name={t('network.coverageChart')} fill="#12b886" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Card>
  );
}

function LinkChart({ i }: { i: Indicators }) {
  const { t } = useI18n();
  const data = (['live', 'late', 'offline', 'never'] as const).map((k) => ({ k: t(`network.link.${k}`), v: i[k] }));
  return (
    <Card withBorder data-testid="link-chart">
      <Text fw={600} size="sm" mb="xs">{t('network.linkChart')}</Text>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} margin={{ left: 0, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="k" tick={{ fontSize: 11 }} interval={0} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Bar dataKey="v" name={t('network.stations')} fill="#228be6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Card>
  );
}

const metricValue = (m: Metric, i: Indicators, maxVisits: number): number | null =>
  i.stations === 0 ? null
    : m === 'live' ? (i.enrolled ? i.live / i.enrolled : null)
    : m === 'htn' ? i.coverage.htn
    : m === 'override' ? i.overrideRate
    : maxVisits > 0 ? i.visits / maxVisits : 0;

/** The offline map: one square per province on a hand-laid grid (packages/sync/src/network). */
function TileMap({ v, metric }: { v: National; metric: Metric }) {
  const { t, lang } = useI18n();
  const nav = useNavigate();
  const by = new Map(v.provinces.map((p) => [p.code, p]));
  const maxVisits = Math.max(0, ...v.provinces.map((p) => p.indicators.visits));
  const S = 46, G = 3;
  const label = (i: Indicators) => {
    if (i.stations === 0) return t('network.noStations');
    if (metric === 'visits') return fmtInt(i.visits, lang);
    const x = metricValue(metric, i, maxVisits);
    return fmtPct(x, lang);
  };
  return (
    <svg viewBox={`0 0 ${VN_GRID_COLS * (S + G)} ${VN_GRID_ROWS * (S + G)}`} width="100%" style={{ maxWidth: VN_GRID_COLS * (S + G) * 1.25, display: 'block', margin: '0 auto' }} role="img" aria-label={t('network.map')} data-testid="tile-map">
      {VN_PROVINCES.map((p) => {
        const i = by.get(p.code)!.indicators;
        const x = metricValue(metric, i, maxVisits);
        // Names of three syllables or more go on two lines (no abbreviations a reader must decode).
        const words = p.name.split(' ');
        const lines = p.name.length > 9 ? [words.slice(0, Math.ceil(words.length / 2)).join(' '), words.slice(Math.ceil(words.length / 2)).join(' ')] : [p.name];
        return (
          <g key={p.code} transform={`translate(${p.col * (S + G)},${p.row * (S + G)})`} style={{ cursor: 'pointer' }} onClick={() => nav(`/network/${p.code}`)}
            data-testid={`tile-${p.code}`} tabIndex={0} role="link" aria-label={`${p.name}: ${label(i)}`} onKeyDown={(e) => { if (e.key === 'Enter') nav(`/network/${p.code}`); }}>
            <title>{`${p.name} — ${label(i)} (${fmtInt(i.stations, lang)} ${t('network.stations').toLowerCase()})`}</title>
            <rect width={S} height={S} rx={4} fill={ramp(x)} stroke="#adb5bd" strokeWidth={i.stations ? 1.5 : 0.5} />
            {lines.map((l, k) => <text key={k} x={S / 2} y={lines.length > 1 ? 14 + k * 10 : 19} textAnchor="middle" fontSize={8.5} fontWeight={600} fill={inkOn(x)}>{l}</text>)}
            <text x={S / 2} y={38} textAnchor="middle" fontSize={8} fill={inkOn(x)}>{i.stations ? label(i) : '·'}</text>
          </g>
        );
      })}
    </svg>
  );
}

export function NationalPage() {
  const { t, lang } = useI18n();
  const [days, setDays] = usePeriod();
  const [v, setV] = useState<National | null>(null);
  const [metric, setMetric] = useState<Metric>('live');
  useEffect(() => {
    const ac = new AbortController();
    get<National>('/api/network/provinces', { days }, ac.signal).then(setV, () => undefined);
    return () => ac.abort();
  }, [days]);
  if (!v) return <Text>{t('network.loading')}</Text>;
  const rows = [...v.provinces].sort((a, b) => b.indicators.stations - a.indicators.stations || a.name.localeCompare(b.name, 'vi'));
  return (
    <Stack gap="sm" data-testid="network-national">
      <Title order={2}>{t('network.title')}</Title>
      <Text size="sm" c="dimmed">{t('network.aggregateNote')}</Text>
      <PeriodBar days={days} setDays={setDays} csv={`/api/network/provinces.csv?days=${days}`} />
      <Summary i={v.total} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Card withBorder>
          <Group justify="space-between" mb="xs" wrap="wrap">
            <Text fw={600} size="sm">{t('network.map')}</Text>
            <Select size="xs" aria-label={t('network.mapMetric')} value={metric} onChange={(m) => m && setMetric(m as Metric)} allowDeselect={false} w={230}
              data={(['live', 'htn', 'visits', 'override'] as const).map((m) => ({ value: m, label: t(`network.metric.${m}`) }))} data-testid="map-metric" />
          </Group>
          <TileMap v={v} metric={metric} />
        </Card>
        <Stack gap="sm">
          <CoverageChart i={v.total} />
          <LinkChart i={v.total} />
        </Stack>
      </SimpleGrid>
      <Card withBorder>
        <Text fw={600} size="sm" mb="xs">{t('network.provinces')}</Text>
        <ScrollArea>
          <Table striped highlightOnHover miw={760} data-testid="province-table">
            <Table.Thead><Table.Tr>
              <Table.Th>{t('network.province')}</Table.Th><Table.Th ta="right">{t('network.stations')}</Table.Th><Table.Th ta="right">{t('network.stationsLive')}</Table.Th>
              <Table.Th ta="right">{t('network.visits')}</Table.Th><Table.Th ta="right">{t('network.htnCoverage')}</Table.Th><Table.Th ta="right">{t('network.overrideRate')}</Table.Th>
              <Table.Th ta="right">{t('network.alerts')}</Table.Th><Table.Th ta="right">{t('network.lag')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.code} data-testid={`province-row-${p.code}`}>
                  <Table.Td><Anchor component={Link} to={`/network/${p.code}`}>{p.name}</Anchor></Table.Td>
                  <Table.Td ta="right">{fmtInt(p.indicators.stations, lang)}</Table.Td>
                  <Table.Td ta="right">{fmtInt(p.indicators.live, lang)} / {fmtInt(p.indicators.enrolled, lang)}</Table.Td>
                  <Table.Td ta="right">{fmtInt(p.indicators.visits, lang)}</Table.Td>
                  <Table.Td ta="right">{fmtPct(p.indicators.coverage.htn, lang)}</Table.Td>
                  <Table.Td ta="right">{fmtPct(p.indicators.overrideRate, lang)}</Table.Td>
                  <Table.Td ta="right">{fmtInt(p.indicators.alerts, lang)}</Table.Td>
                  <Table.Td ta="right">{p.indicators.maxLagSeconds === null ? '—' : t('network.minutes', { n: fmtInt(Math.round(p.indicators.maxLagSeconds / 60), lang) })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Card>
    </Stack>
  );
}

export function ProvincePage() {
  const { t, lang } = useI18n();
  const { code = '' } = useParams();
  const [days, setDays] = usePeriod();
  const [v, setV] = useState<ProvinceView | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const ac = new AbortController();
    get<ProvinceView>(`/api/network/provinces/${code}`, { days }, ac.signal).then((r) => { setV(r); setNow(Date.now()); }, () => undefined);
    return () => ac.abort();
  }, [code, days]);
  const tt = t as unknown as (k: string, p?: Record<string, string | number>) => string;
  if (!v) return <Text>{t('network.loading')}</Text>;
  return (
    <Stack gap="sm" data-testid="network-province">
      <Anchor component={Link} to="/network" size="sm">← {t('network.back')}</Anchor>
      <Title order={2}>{t('network.provinceTitle', { name: v.name })}</Title>
      <Text size="sm" c="dimmed">{t('network.aggregateNote')}</Text>
      <PeriodBar days={days} setDays={setDays} csv={`/api/network/provinces/${v.code}/stations.csv?days=${days}`} />
      <Summary i={v.total} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <CoverageChart i={v.total} />
        <LinkChart i={v.total} />
      </SimpleGrid>
      <Card withBorder>
        <Text fw={600} size="sm" mb="xs">{t('network.stations')} ({fmtInt(v.stations.length, lang)})</Text>
        {v.stations.length === 0 ? <Text c="dimmed">{t('network.empty')}</Text> : (
          <ScrollArea>
            <Table striped miw={900} data-testid="station-table">
              <Table.Thead><Table.Tr>
                <Table.Th>{t('network.station')}</Table.Th><Table.Th>{t('network.commune')}</Table.Th><Table.Th>{t('network.link')}</Table.Th><Table.Th>{t('network.lastSync')}</Table.Th>
                <Table.Th ta="right">{t('network.queue')}</Table.Th><Table.Th ta="right">{t('network.visits')}</Table.Th><Table.Th ta="right">{t('network.htnCoverage')}</Table.Th>
                <Table.Th ta="right">{t('network.overrideRate')}</Table.Th><Table.Th ta="right">{t('network.alerts')}</Table.Th><Table.Th ta="right">{t('network.tools')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {v.stations.map((s) => (
                  <Table.Tr key={s.facilityId} data-testid={`station-row-${s.code}`}>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{s.commune}</Table.Td>
                    <Table.Td><Badge color={LINK_COLOR[s.link]} variant="light" data-testid="station-link">{t(`network.link.${s.link}`)}</Badge></Table.Td>
                    <Table.Td>{s.lastSyncAt ? <MTooltip label={new Date(s.lastSyncAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' })}><span>{agoText(tt, s.lastSyncAt, now)}</span></MTooltip> : t('network.never')}</Table.Td>
                    <Table.Td ta="right">{s.queue === null ? '—' : fmtInt(s.queue, lang)}</Table.Td>
                    <Table.Td ta="right">{fmtInt(s.indicators.visits, lang)}</Table.Td>
                    <Table.Td ta="right">{fmtPct(s.indicators.coverage.htn, lang)}</Table.Td>
                    <Table.Td ta="right">{fmtPct(s.indicators.overrideRate, lang)}</Table.Td>
                    <Table.Td ta="right">{fmtInt(s.indicators.alerts, lang)}</Table.Td>
                    <Table.Td ta="right">{s.indicators.tools.pilot}/{s.indicators.tools.general}/{s.indicators.tools.suspended}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Card>
    </Stack>
  );
}
