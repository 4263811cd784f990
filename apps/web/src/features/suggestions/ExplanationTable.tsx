import { Table, Text } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import type { ExplanationItem } from './types.ts';

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The rule's "why": which input, its value, what it scored or found, and the rule's note. */
export function ExplanationTable({ items }: { items: unknown }) {
  const { t } = useI18n();
  const list = Array.isArray(items) ? (items as ExplanationItem[]) : [];
  if (list.length === 0) return null;
  return (
    <Table fz="xs" striped withTableBorder data-testid="explanation">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('sugg.col.input')}</Table.Th>
          <Table.Th>{t('sugg.col.value')}</Table.Th>
          <Table.Th>{t('sugg.col.points')}</Table.Th>
          <Table.Th>{t('sugg.col.note')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.map((e, i) => (
          <Table.Tr key={i}>
            <Table.Td ff="monospace">{e.input}</Table.Td>
            <Table.Td><Text size="xs" lineClamp={2}>{show(e.value)}</Text></Table.Td>
            <Table.Td>{e.points ?? e.finding ?? ''}</Table.Td>
            <Table.Td>{e.note}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
