import { Alert, Badge, Group, Paper, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatNumber } from '../../lib/decimal.ts';
import { formatDateTime } from '../../lib/format.ts';
import { labName } from './labNames.ts';

interface Point { at: string; score: number | null; band: string | null }
interface LabRow { observationId: string; code: string; display: string; value: number | string; unit: string | null; effectiveAt: string; critical: { direction: 'low' | 'high'; limit: number } | null }
interface Aki { stage: number; current: { creatinineUmolL: number }; baseline: { kind: string; valueUmolL: number; ratio: number } | null }

const BAND_COLOR: Record<string, string> = { low: 'teal', 'low-medium': 'yellow', medium: 'orange', high: 'red' };
const AKI_COLOR = ['gray', 'yellow', 'orange', 'red'];

/**
 * What matters first, at the top of the patient page (issue 15, point 2): the latest NEWS2 with its
 * band, the AKI stage when ≥ 1, and the newest critical lab values. Each is said in words, never by
 * colour alone.
 */
export function ClinicalSummary({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t, lang } = useI18n();
  const [news2, setNews2] = useState<Point | null | undefined>(undefined);
  const [labs, setLabs] = useState<{ results: LabRow[]; aki: Aki | null } | null>(null);
  useEffect(() => {
    get<{ points: Point[] }>(`/api/patients/${patientId}/news2`)
      .then((d) => setNews2(d.points.filter((p) => p.score !== null).at(-1) ?? null))
      .catch(() => setNews2(null));
    get<{ results: LabRow[]; aki: Aki | null }>(`/api/patients/${patientId}/labs/flags`).then(setLabs).catch(() => setLabs({ results: [], aki: null }));
  }, [patientId, refreshKey]);
  if (news2 === undefined || !labs) return null;
  const aki = labs.aki && labs.aki.stage > 0 ? labs.aki : null;
  // The newest result of each test that is critical now (an older critical value since corrected is not shown).
  const newest = new Map<string, LabRow>();
  for (const r of labs.results) {
    const prev = newest.get(r.code);
    if (!prev || r.effectiveAt >= prev.effectiveAt) newest.set(r.code, r);
  }
  const critical = [...newest.values()].filter((r) => r.critical);
  const fmt = (v: number | string) => (typeof v === 'number' ? formatNumber(v, lang, 2) : v);
  return (
    <Paper withBorder radius="md" p="sm" data-testid="clinical-summary" aria-label={t('summary.title')}>
      <Group gap="md" align="stretch" wrap="wrap">
        <div data-testid="summary-news2" data-band={news2?.band ?? ''}>
          <Text size="xs" c="dark.4">{t('summary.news2')}</Text>
          {news2 ? (
            <Group gap={6} align="baseline">
              <Text fw={800} size="xl">{news2.score}</Text>
              <Badge color={BAND_COLOR[news2.band ?? ''] ?? 'gray'} variant={news2.band === 'low' ? 'light' : 'filled'} autoContrast>
                {t(`summary.band.${news2.band}`)}
              </Badge>
              <Text size="xs" c="dark.4">{formatDateTime(news2.at, lang)}</Text>
            </Group>
          ) : (
            <Text size="sm" c="dark.4">{t('summary.news2.none')}</Text>
          )}
        </div>
        {aki && (
          <Alert
            color={AKI_COLOR[aki.stage]}
            variant="filled"
            icon={<IconAlertTriangle />}
            title={t('chart.aki', { stage: aki.stage })}
            data-testid="aki-banner"
            style={{ flex: '1 1 280px' }}
            py={6}
          >
            {aki.baseline &&
              t('chart.aki.detail', { value: fmt(aki.current.creatinineUmolL), ratio: formatNumber(aki.baseline.ratio, lang, 2), kind: t(`summary.akiBaseline.${aki.baseline.kind}`), base: fmt(aki.baseline.valueUmolL) })}
          </Alert>
        )}
        {critical.length > 0 && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={t('summary.critical', { n: critical.length })} data-testid="summary-critical" style={{ flex: '1 1 280px' }} py={6}>
            {critical.map((r) => (
              <Text key={r.observationId} size="sm" c="red.9" data-testid="summary-critical-row">
                {labName(r.code, r.display, lang)}: <b>{fmt(r.value)} {r.unit}</b> — {t(`summary.critical.${r.critical!.direction}`)} ({formatDateTime(r.effectiveAt, lang)})
              </Text>
            ))}
          </Alert>
        )}
      </Group>
    </Paper>
  );
}
