import { formatNumber } from '../../lib/decimal.ts';
import { Card, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { Curves, GrowthPoint } from './types.ts';

export type Indicator = 'wfa' | 'lhfa' | 'wfl' | 'wfh';

const LINES = [
  { key: 'sd3', label: '+3', color: '#212529', dash: undefined },
  { key: 'sd2', label: '+2', color: '#e03131', dash: undefined },
  { key: 'sd1', label: '+1', color: '#f08c00', dash: '4 3' },
  { key: 'sd0', label: '0', color: '#2f9e44', dash: undefined },
  { key: 'sdM1', label: '−1', color: '#f08c00', dash: '4 3' },
  { key: 'sdM2', label: '−2', color: '#e03131', dash: undefined },
  { key: 'sdM3', label: '−3', color: '#212529', dash: undefined },
] as const;

/** x/y of a child's measurement on one indicator's chart (null when it does not belong there). */
function childXY(ind: Indicator, p: GrowthPoint): { x: number; y: number } | null {
  const h = p.correctedLengthOrHeightCm;
  if (ind === 'wfa') return p.weightKg !== null ? { x: p.ageMonths, y: p.weightKg } : null;
  if (ind === 'lhfa') return h !== null ? { x: p.ageMonths, y: h } : null;
  if (p.weightKg === null || h === null) return null;
  if (ind === 'wfl') return p.ageDays < 731 ? { x: h, y: p.weightKg } : null;
  return p.ageDays >= 731 ? { x: h, y: p.weightKg } : null;
}

/** A WHO growth chart (SD lines −3 … +3 from the server) with the child's points drawn on it. */
export function GrowthChart({ indicator, sex, points }: { indicator: Indicator; sex: 'male' | 'female'; points: GrowthPoint[] }) {
  const { t, lang } = useI18n();
  const [curves, setCurves] = useState<Curves | null>(null);
  useEffect(() => {
    get<Curves>('/api/growth/curves', { indicator, sex }).then(setCurves).catch(() => setCurves(null));
  }, [indicator, sex]);
  const child = points.map((p) => childXY(indicator, p)).filter((x): x is { x: number; y: number } => x !== null);
  if (!curves) return null;
  // Show the part of the curve around the child (ages up to a year beyond the last point).
  const byAge = curves.x === 'ageMonths';
  const maxChildX = Math.max(0, ...child.map((c) => c.x));
  const xMax = byAge ? Math.min(60, Math.max(24, Math.ceil((maxChildX + 12) / 6) * 6)) : curves.points.at(-1)!.x;
  const xMin = byAge ? 0 : curves.points[0]!.x;
  const data = curves.points.filter((p) => p.x <= xMax + 1e-9);
  const step = byAge ? (xMax <= 24 ? 3 : 6) : 5;
  const ticks = Array.from({ length: Math.floor((xMax - xMin) / step) + 1 }, (_, i) => xMin + i * step);
  return (
    <Card withBorder padding="sm" data-testid={`growth-chart-${indicator}`}>
      <Text fw={600} size="sm">{lang === 'vi' ? curves.title.vi : curves.title.en} · {sex === 'female' ? '♀' : '♂'}</Text>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 8, right: 24, bottom: 4, left: -8 }}>
          <CartesianGrid strokeDasharray="2 2" />
          <XAxis dataKey="x" type="number" domain={[xMin, xMax]} tick={{ fontSize: 11 }} allowDecimals={false} ticks={ticks}
            label={{ value: byAge ? t('scr.growth.months') : 'cm', position: 'insideBottomRight', offset: -2, fontSize: 11 }} />
          <YAxis type="number" domain={['auto', 'auto']} tick={{ fontSize: 11 }} unit={` ${curves.unit}`} width={64} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v, lang, 1) : String(v))} labelFormatter={(l) => `${formatNumber(Number(l), lang, 1)} ${byAge ? t('scr.growth.months') : 'cm'}`} />
          {LINES.map((l) => (
            <Line key={l.key} dataKey={l.key} name={`${l.label} SD`} stroke={l.color} strokeDasharray={l.dash} dot={false} strokeWidth={l.key === 'sd0' ? 2 : 1.2} isAnimationActive={false} />
          ))}
          <Scatter data={child} dataKey="y" name={t('scr.growth.child')} fill="#1971c2" stroke="#fff" shape="circle" isAnimationActive={false} data-testid="growth-child-points" />
        </ComposedChart>
      </ResponsiveContainer>
    </Card>
  );
}
