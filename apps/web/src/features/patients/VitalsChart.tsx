import { LineChart } from '@mantine/charts';
import { Card, Chip, Group, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Observation } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
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
  return (
    <Card withBorder padding="md" data-testid="vitals-chart">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('patient.vitalsChart')}</Title>
        <Chip.Group multiple value={shown} onChange={setShown}>
          <Group gap={6}>
            {SERIES.map((s) => (
              <Chip key={s.key} value={s.key} size="xs" color={s.color.split('.')[0]}>
                {t(`series.${s.key}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Group>
      <LineChart
        h={280}
        data={data}
        dataKey="label"
        series={SERIES.filter((s) => shown.includes(s.key)).map((s) => ({ name: s.key, label: t(`series.${s.key}`), color: s.color }))}
        curveType="monotone"
        connectNulls
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        xAxisProps={{ tick: { fontSize: 11 } }}
      />
      {latest && (
        <Group gap="lg" mt="sm" data-testid="vitals-latest">
          <Text size="sm" c="dimmed">{t('patient.latest')} ({String(latest.label)}):</Text>
          {SERIES.map((s) =>
            latest[s.key] !== undefined ? (
              <Text key={s.key} size="sm" data-testid={`latest-${s.key}`}>
                {t(`series.${s.key}`)}: <b>{latest[s.key]}</b>
              </Text>
            ) : null,
          )}
        </Group>
      )}
    </Card>
  );
}
