/** Claims work list by state (facility admins): errors with their fixes, demo claims, export of the ready ones. */
import { Badge, Button, Card, Group, List, SegmentedControl, Select, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { formatVnd, yyyymmddToDisplay } from './format.ts';

const STATES = ['ready', 'blocked', 'exported', 'accepted', 'rejected'] as const;
const COLOR: Record<string, string> = { ready: 'teal', blocked: 'red', exported: 'blue', accepted: 'green', rejected: 'orange' };

interface Claim {
  id: string; maLk: string; state: string; patientName: string; visitDate: string; totalVnd: number; fundVnd: number;
  errors: Array<{ table: string; field: string; rule: string; message: string }>; answerReason: string | null;
}

export function ClaimsPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const [state, setState] = useState<string>('all');
  const [claims, setClaims] = useState<Claim[] | null>(null);
  const fail = (e: unknown) => notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });
  const load = useCallback(() => {
    if (!facilityId) return;
    const q = new URLSearchParams({ facilityId, ...(state === 'all' ? {} : { state }) });
    get<Claim[]>(`/api/claims?${q}`).then(setClaims, (e) => { setClaims([]); fail(e); });
  }, [facilityId, state]);
  useEffect(() => void load(), [load]);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      load();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <Title order={2}>{t('claims.title')}</Title>
      <Text c="dimmed" size="sm" mb="sm">{t('claims.subtitle')}</Text>
      <Group mb="sm">
        <Select label={t('claims.facility')} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} value={facilityId} onChange={setFacilityId} />
        <SegmentedControl data={[{ value: 'all', label: t('claims.all') }, ...STATES.map((s) => ({ value: s, label: t(`claims.state.${s}`) }))]} value={state} onChange={setState} />
        <Button variant="default" onClick={() => void act(() => post('/api/claims/demo', { facilityId, count: 6 }))}>{t('claims.demo')}</Button>
        <Button onClick={() => void act(async () => {
          const r = await post<{ exported: number }>('/api/claims/export', { facilityId, maCskcb: '01820' });
          notifications.show({ color: 'teal', message: t('claims.exported', { n: String(r.exported) }) });
        })}>{t('claims.export')}</Button>
      </Group>
      {claims && claims.length === 0 && <Card withBorder><Text c="dimmed">{t('claims.none')}</Text></Card>}
      {claims && claims.length > 0 && (
        <Table striped data-testid="claims-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('claims.maLk')}</Table.Th><Table.Th>{t('claims.patient')}</Table.Th><Table.Th>{t('claims.date')}</Table.Th>
              <Table.Th>{t('claims.total')}</Table.Th><Table.Th>{t('claims.fund')}</Table.Th><Table.Th>{t('claims.state')}</Table.Th><Table.Th>{t('claims.errors')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {claims.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.maLk}</Table.Td>
                <Table.Td>{c.patientName}</Table.Td>
                <Table.Td>{yyyymmddToDisplay(c.visitDate, lang)}</Table.Td>
                <Table.Td>{formatVnd(c.totalVnd, lang)}</Table.Td>
                <Table.Td>{formatVnd(c.fundVnd, lang)}</Table.Td>
                <Table.Td><Badge color={COLOR[c.state] ?? 'gray'}>{t(`claims.state.${c.state}`)}</Badge></Table.Td>
                <Table.Td>
                  {c.answerReason && <Text size="sm">{c.answerReason}</Text>}
                  {c.errors.length > 0 && (
                    <List size="sm">{c.errors.map((e, i) => <List.Item key={i}><b>[{e.rule}] {e.table}.{e.field}</b>: {e.message}</List.Item>)}</List>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
