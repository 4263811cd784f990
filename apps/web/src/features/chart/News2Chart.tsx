import { Card, Group, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime, formatShortDateTime } from '../../lib/format.ts';

interface Point { encounterId: string; at: string; score: number | null; band: string | null; missing: string[] }
interface News2Trend { points: Point[] }

const BANDS = [
  { key: 'low', y1: 0, y2: 4.5, fill: '#40c057' },
  { key: 'medium', y1: 4.5, y2: 6.5, fill: '#fd7e14' },
  { key: 'high', y1: 6.5, y2: 20, fill: '#fa5252' },
] as const;

/** NEWS2 per visit over time, with the response bands shaded (0–4 low, 5–6 medium, ≥ 7 high). */
export function News2Chart({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t, lang } = useI18n();
  const [data, setData] = useState<News2Trend | null>(null);
  useEffect(() => {
    get<News2Trend>(`/api/patients/${patientId}/news2`).then(setData).catch(() => setData({ points: [] }));
  }, [patientId, refreshKey]);
  if (!data) return null;
  const scored = data.points.filter((p) => p.score !== null).map((p) => ({ ...p, label: formatShortDateTime(p.at), full: formatDateTime(p.at, lang) }));
  const notScored = data.points.length - scored.length;
  const maxY = Math.max(10, ...scored.map((p) => p.score ?? 0)) + 1;
  return (
    <Card withBorder padding="md" data-testid="news2-chart">
      <Group justify="space-between" mb={4}>
        <Title order={4}>{t('chart.news2')}</Title>
        <Group gap="xs">
          {BANDS.map((b) => (
            <Group key={b.key} gap={4}>
              <div style={{ width: 10, height: 10, background: b.fill, opacity: 0.5, borderRadius: 2 }} />
              <Text size="xs">{t(`chart.news2.${b.key}`)}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {t('chart.news2.hint')}{notScored > 0 ? ` · ${t('chart.news2.notScored', { n: notScored })}` : ''}
      </Text>
      {scored.length === 0 ? (
        <Text c="dimmed" ta="center" py="md">{t('chart.news2.none')}</Text>
      ) : (
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={scored} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
            {BANDS.map((b) => (
              <ReferenceArea key={b.key} y1={b.y1} y2={Math.min(b.y2, maxY)} fill={b.fill} fillOpacity={0.14} stroke="none" ifOverflow="hidden" />
            ))}
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis domain={[0, maxY]} allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(_l, p) => String((p?.[0]?.payload as { full?: string } | undefined)?.full ?? '')} />
            <Line type="linear" dataKey="score" name="NEWS2" stroke="#1c7ed6" strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </Card>
  );
}
