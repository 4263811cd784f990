import { Badge, Card, Table, Text, Title } from '@mantine/core';
import type { Observation } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';

export function labFlag(o: Observation): 'H' | 'L' | null {
  if (typeof o.value !== 'number') return null;
  if (o.refHigh !== null && o.value > o.refHigh) return 'H';
  if (o.refLow !== null && o.value < o.refLow) return 'L';
  return null;
}

export function LabsTable({ observations }: { observations: Observation[] }) {
  const { t, lang } = useI18n();
  const labs = observations.filter((o) => o.category === 'laboratory').slice().reverse().slice(0, 30);
  return (
    <Card withBorder padding="md" data-testid="labs-table">
      <Title order={4} mb="sm">{t('patient.labs')}</Title>
      {labs.length === 0 ? (
        <Text c="dimmed">{t('patient.noLabs')}</Text>
      ) : (
        <Table striped verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('lab.time')}</Table.Th>
              <Table.Th>{t('lab.test')}</Table.Th>
              <Table.Th ta="right">{t('lab.value')}</Table.Th>
              <Table.Th>{t('lab.range')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {labs.map((o) => {
              const flag = labFlag(o);
              return (
                <Table.Tr key={o.id}>
                  <Table.Td>{formatDateTime(o.effectiveAt, lang)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.display}</Text>
                    <Text size="xs" c="dimmed">LOINC {o.code}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text span fw={flag ? 700 : 400} c={flag ? 'red.7' : undefined}>{o.value}</Text> {o.unit}
                    {flag && <Badge ml={6} size="xs" color={flag === 'H' ? 'red' : 'blue'}>{t(`lab.flag.${flag}`)}</Badge>}
                  </Table.Td>
                  <Table.Td>{o.refLow ?? ''}{o.refLow !== null || o.refHigh !== null ? '–' : ''}{o.refHigh ?? ''}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
