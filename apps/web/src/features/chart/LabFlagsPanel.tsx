import { Badge, Card, Group, ScrollArea, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatNumber } from '../../lib/decimal.ts';
import { formatDateTime } from '../../lib/format.ts';
import { labName } from './labNames.ts';

interface LabRow {
  observationId: string; code: string; display: string; value: number | string; unit: string | null; refLow: number | null; refHigh: number | null;
  effectiveAt: string; analyte: string | null; flag: 'H' | 'L' | 'N' | null;
  critical: { direction: 'low' | 'high'; limit: number } | null;
  delta: { previousValue: number; changePercent: number; rcvPercent: number; significant: boolean } | null;
}
interface Aki { stage: number; current: { creatinineUmolL: number }; baseline: { kind: string; valueUmolL: number; ratio: number } | null }
interface LabFlags { results: LabRow[]; aki: Aki | null }

/** Every lab result with its H/L, critical and delta flags (the AKI stage is at the top of the page: ClinicalSummary). */
export function LabFlagsPanel({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t, lang } = useI18n();
  const [data, setData] = useState<LabFlags | null>(null);
  useEffect(() => {
    get<LabFlags>(`/api/patients/${patientId}/labs/flags`).then(setData).catch(() => setData({ results: [], aki: null }));
  }, [patientId, refreshKey]);
  if (!data) return null;
  const fmt = (v: number | string) => (typeof v === 'number' ? formatNumber(v, lang, 2) : v);
  const rows = [...data.results].reverse().slice(0, 60);
  return (
    <>
      <Card withBorder padding="md" data-testid="lab-flags">
        <Title order={4} mb="sm">{t('chart.labs')}</Title>
        {rows.length === 0 ? (
          <Text c="dimmed">{t('chart.labs.none')}</Text>
        ) : (
          <ScrollArea.Autosize mah={360}>
            <Table striped highlightOnHover fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('chart.labs.at')}</Table.Th>
                  <Table.Th>{t('chart.labs.test')}</Table.Th>
                  <Table.Th ta="right">{t('chart.labs.value')}</Table.Th>
                  <Table.Th>{t('chart.labs.ref')}</Table.Th>
                  <Table.Th>{t('chart.labs.flag')}</Table.Th>
                  <Table.Th>{t('chart.labs.delta')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.observationId} data-testid="lab-row" data-flag={r.critical ? 'critical' : r.flag ?? ''}>
                    <Table.Td>{formatDateTime(r.effectiveAt, lang)}</Table.Td>
                    <Table.Td><Text size="sm" lineClamp={1} title={`${r.display} (LOINC ${r.code})`} maw={220}>{labName(r.code, r.display, lang)}</Text></Table.Td>
                    <Table.Td ta="right" fw={r.flag === 'H' || r.flag === 'L' || r.critical ? 700 : 400} c={r.critical ? 'red' : r.flag === 'H' || r.flag === 'L' ? 'orange.8' : undefined}>
                      {fmt(r.value)} {r.unit}
                    </Table.Td>
                    <Table.Td c="dark.4">{r.refLow !== null ? fmt(r.refLow) : ''}{r.refLow !== null || r.refHigh !== null ? '–' : ''}{r.refHigh !== null ? fmt(r.refHigh) : ''}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Group gap={4} wrap="nowrap">
                        {r.critical && <Badge color="red" size="sm">{t('chart.labs.critical')}</Badge>}
                        {(r.flag === 'H' || r.flag === 'L') && <Badge color="orange" variant="light" size="sm" title={t(`chart.labs.flag.${r.flag}`)}>{t(`chart.labs.flag.${r.flag}`)}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {r.delta?.significant && <Badge color="grape" variant="light" size="sm" title={t('chart.labs.deltaSig', { pct: formatNumber(r.delta.changePercent, lang), rcv: formatNumber(r.delta.rcvPercent, lang) })} style={{ whiteSpace: 'nowrap' }}>Δ {r.delta.changePercent > 0 ? '+' : ''}{Math.round(r.delta.changePercent)}%</Badge>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Card>
    </>
  );
}
