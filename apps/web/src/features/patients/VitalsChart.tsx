import { LineChart } from '@mantine/charts';
import { Card, Chip, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Observation } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatNumber } from '../../lib/decimal.ts';
import { formatDateTime } from '../../lib/format.ts';
import { pointsTone, vitalNews2Points } from './vitalBands.ts';
import { VITAL_LOINC } from './vitalRules.ts';

const SERIES = [
  { key: 'pulse', color: 'red.6' },
  { key: 'respRate', color: 'blue.6' },
  { key: 'spo2', color: 'teal.6' },
  { key: 'systolicBP', color: 'grape.6' },
  { key: 'diastolicBP', color: 'violet.4' },
  { key: 'temperatureC', color: 'orange.6' },
] as const;

/** One point per instant with each charted vital as a column. */
export function toChartRows(obs: Observation[], lang: 'vi' | 'en') {
  const byTime = new Map<string, Record<string, number | string>>();
  for (const o of obs) {
    const key = VITAL_LOINC[o.code];
    if (!key || typeof o.value !== 'number') continue;
    const row = byTime.get(o.effectiveAt) ?? { at: o.effectiveAt, label: formatDateTime(o.effectiveAt, lang) };
    row[key] = o.value;
    byTime.set(o.effectiveAt, row);
  }
  return [...byTime.values()].sort((a, b) => String(a.at).localeCompare(String(b.at)));
}

export function VitalsChart({ observations }: { observations: Observation[] }) {
  const { t, lang } = useI18n();
  const [shown, setShown] = useState<string[]>(['pulse', 'respRate', 'spo2', 'systolicBP']);
  const data = useMemo(() => toChartRows(observations, lang), [observations, lang]);
  const latest = data.at(-1);
  // The newest value of each series (a later visit may have measured only some of them).
  const last = useMemo(() => {
    const out: Record<string, number | string | undefined> = {};
    for (const row of data) for (const s of SERIES) if (row[s.key] !== undefined) out[s.key] = row[s.key];
    return out;
  }, [data]);
  return (
    <Card withBorder padding="md" data-testid="vitals-chart">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('patient.vitalsChart')}</Title>
        <Chip.Group multiple value={shown} onChange={setShown}>
          <Group gap={6} role="group" aria-label={t('patient.seriesPick')} data-testid="series-picker">
            {SERIES.map((s) => (
              <Chip key={s.key} value={s.key} size="xs" color={s.color.split('.')[0]}>
                {t(`series.${s.key}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Group>
      {data.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center">{t('patient.noVitals')}</Text>
      ) : (
        <LineChart
          h={280}
          data={data}
          dataKey="label"
          series={SERIES.filter((s) => shown.includes(s.key)).map((s) => ({ name: s.key, label: t(`series.${s.key}`), color: s.color }))}
          curveType="monotone"
          connectNulls
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          // "23/11/2026 01:41" → "23/11 01:41" on the axis; the tooltip keeps the year.
          xAxisProps={{ tick: { fontSize: 11 }, tickFormatter: (v: string) => `${v.slice(0, 5)} ${v.slice(11)}` }}
          gridAxis="xy"
          valueFormatter={(v: number) => formatNumber(v, lang)}
        />
      )}
      {latest && (
        <>
          <Text size="xs" c="dimmed" mt="sm" mb={6} data-testid="vitals-latest">
            {t('patient.latest')} · {String(latest.label)}
          </Text>
          <SimpleGrid cols={{ base: 3, md: 6 }} spacing="xs">
            {SERIES.map((s) => {
              const value = typeof last[s.key] === 'number' ? (last[s.key] as number) : undefined;
              const points = vitalNews2Points(s.key, value);
              const tone = pointsTone(points);
              const shown = value === undefined ? '—' : formatNumber(value, lang);
              const pointsText = points === null ? '' : t('vitals.news2Points', { n: points });
              return (
                <Paper
                  key={s.key}
                  withBorder
                  radius="md"
                  px="sm"
                  py={6}
                  data-testid={`latest-${s.key}`}
                  data-news2={points ?? undefined}
                  aria-label={`${t(`series.${s.key}`)} ${shown}${value !== undefined ? ` ${t(`unit.${s.key}`)}` : ''}${pointsText ? ` — ${pointsText}` : ''}`}
                  style={tone.bg ? { background: tone.bg, borderColor: tone.border, borderWidth: points === 3 ? 2 : 1 } : undefined}
                >
                  <Text size="xs" c={tone.fg ?? 'dark.4'} truncate>{t(`series.${s.key}`)}</Text>
                  <Group gap={4} align="baseline" wrap="nowrap">
                    <Text fw={700} size="lg" c={tone.fg ?? undefined}>{shown}</Text>
                    {value !== undefined && <Text size="xs" c={tone.fg ?? 'dark.4'}>{t(`unit.${s.key}`)}</Text>}
                  </Group>
                  {points !== null && points > 0 && (
                    <Text size="xs" fw={700} c={tone.fg} data-testid={`latest-${s.key}-points`}>{pointsText}</Text>
                  )}
                </Paper>
              );
            })}
          </SimpleGrid>
        </>
      )}
    </Card>
  );
}
