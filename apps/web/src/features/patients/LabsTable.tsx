import { Badge, Card, Group, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight } from '@tabler/icons-react';
import type { Observation } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { labFlag, type LabRow, labRows, shortLabName } from './labs.ts';

function Trend({ row }: { row: LabRow }) {
  const { previous, latest } = row;
  if (!previous || typeof previous.value !== 'number' || typeof latest.value !== 'number') return null;
  const Icon = latest.value > previous.value ? IconArrowUpRight : latest.value < previous.value ? IconArrowDownRight : IconArrowRight;
  return <Icon size={14} color="var(--mantine-color-gray-6)" />;
}

export function LabsTable({ observations }: { observations: Observation[] }) {
  const { t, lang } = useI18n();
  const rows = labRows(observations);
  const name = (o: Observation) => {
    const key = `loinc.${o.code}`;
    const translated = t(key);
    return translated === key ? shortLabName(o.display) : translated;
  };
  const range = (o: Observation) =>
    o.refLow !== null && o.refHigh !== null ? `${o.refLow}–${o.refHigh}` : o.refHigh !== null ? `≤ ${o.refHigh}` : o.refLow !== null ? `≥ ${o.refLow}` : '—';
  return (
    <Card withBorder padding="md" data-testid="labs-table">
      <Title order={4} mb="sm">{t('patient.labs')}</Title>
      {rows.length === 0 ? (
        <Text c="dimmed">{t('patient.noLabs')}</Text>
      ) : (
        <Table verticalSpacing={8} fz="sm" highlightOnHover styles={{ th: { whiteSpace: 'nowrap' } }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('lab.test')}</Table.Th>
              <Table.Th ta="right">{t('lab.latest')}</Table.Th>
              <Table.Th>{t('lab.unit')}</Table.Th>
              <Table.Th>{t('lab.range')}</Table.Th>
              <Table.Th ta="right">{t('lab.previous')}</Table.Th>
              <Table.Th>{t('lab.time')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const flag = labFlag(r.latest);
              const prevFlag = r.previous ? labFlag(r.previous) : null;
              return (
                <Table.Tr key={r.code} data-testid={`lab-${r.code}`}>
                  <Table.Td>
                    <Tooltip label={r.latest.display} openDelay={400}>
                      <Text size="sm" fw={500} span>{name(r.latest)}</Text>
                    </Tooltip>
                    <Text size="xs" c="dimmed">LOINC {r.code} · {t('lab.count', { n: r.count })}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      <Trend row={r} />
                      <Text span fw={700} c={flag ? 'red.7' : undefined}>{r.latest.value}</Text>
                      {flag && <Badge size="xs" color={flag === 'H' ? 'red' : 'blue'}>{t(`lab.flag.${flag}`)}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td c="dimmed">{r.latest.unit ?? ''}</Table.Td>
                  <Table.Td c="dimmed">{range(r.latest)}</Table.Td>
                  <Table.Td ta="right" c={prevFlag ? 'red.7' : 'dimmed'}>{r.previous?.value ?? '—'}</Table.Td>
                  <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.latest.effectiveAt, lang)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
