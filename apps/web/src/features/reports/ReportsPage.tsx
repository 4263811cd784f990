/** Report centre: monthly facility report with its figures and a drafted summary that the manager approves or edits. */
import { Badge, Button, Card, Group, List, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { formatVnd } from '../claims/format.ts';

interface Figures {
  visits: number; insuredVisits: number; claims: Record<string, number>; rejectionsByReason: Array<{ reason?: string; count: number }>;
  blockedByRule: Array<{ rule?: string; count: number }>; topDiagnoses: Array<{ icd10?: string; count: number }>; totalVnd: number; fundVnd: number; patientPaidVnd: number;
}
interface Report { id: string; month: string; figures: Figures; draft: string; provenance: string; finalText: string | null; status: string; edited: boolean }

const thisMonthVn = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
/** The last n months (Vietnam time) as YYYY-MM, newest first. */
function lastMonths(n: number): string[] {
  const [y, m] = thisMonthVn().split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) - i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

export function ReportsPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const [month, setMonth] = useState(thisMonthVn());
  const [reports, setReports] = useState<Report[] | null>(null);
  const [text, setText] = useState<Record<string, string>>({});
  const n = (v: number) => formatVnd(v, lang);
  const fail = (e: unknown) => notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });
  const load = useCallback(() => {
    if (facilityId) get<Report[]>('/api/reports', { facilityId }).then(setReports, (e) => { setReports([]); fail(e); });
  }, [facilityId]);
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
      <Title order={2}>{t('reports.title')}</Title>
      <Text c="dimmed" size="sm" mb="sm">{t('reports.subtitle')}</Text>
      <Group mb="sm" align="end">
        <Select label={t('reports.facility')} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} value={facilityId} onChange={setFacilityId} />
        <Select label={t('reports.month')} w={130} data={lastMonths(24).map((v) => ({ value: v, label: `${v.slice(5)}/${v.slice(0, 4)}` }))} value={month} onChange={(v) => v && setMonth(v)} data-testid="report-month" />
        <Button onClick={() => void act(() => post('/api/reports/monthly', { facilityId, month }))}>{t('reports.make')}</Button>
      </Group>
      {reports && reports.length === 0 && <Card withBorder><Text c="dimmed">{t('reports.none')}</Text></Card>}
      <Stack>
        {(reports ?? []).map((r) => {
          const f = r.figures;
          const [y, m] = r.month.split('-');
          return (
            <Card withBorder key={r.id} data-testid="report-card">
              <Group justify="space-between" mb="xs">
                <Text fw={700}>{lang === 'vi' ? `Tháng ${m}/${y}` : r.month}</Text>
                <Group gap="xs">
                  <Badge color={r.status === 'approved' ? 'teal' : 'yellow'}>{t(`reports.status.${r.status}`)}{r.edited ? ` (${t('reports.edited')})` : ''}</Badge>
                  <Button size="compact-sm" variant="default" component="a" href={`/api/reports/${r.id}/report.pdf`} target="_blank">{t('reports.pdf')}</Button>
                </Group>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 3 }} mb="sm">
                <div><Text size="sm" c="dimmed">{t('reports.visits')}</Text><Text fw={700}>{n(f.visits)} <Text span size="sm" c="dimmed">({t('reports.insured')}: {n(f.insuredVisits)})</Text></Text></div>
                <div>
                  <Text size="sm" c="dimmed">{t('reports.claims')}</Text>
                  <Group gap={4}>{Object.entries(f.claims).map(([s, c]) => <Badge key={s} variant="light">{t(`reports.state.${s}`)}: {n(c)}</Badge>)}</Group>
                </div>
                <div><Text size="sm" c="dimmed">{t('reports.money')}</Text><Text size="sm">{n(f.totalVnd)} đ / BHYT {n(f.fundVnd)} đ</Text></div>
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }} mb="sm">
                <div><Text size="sm" c="dimmed">{t('reports.diagnoses')}</Text><List size="sm">{f.topDiagnoses.slice(0, 5).map((d) => <List.Item key={d.icd10}>{d.icd10}: {n(d.count)}</List.Item>)}</List></div>
                <div><Text size="sm" c="dimmed">{t('reports.rejections')}</Text><List size="sm">{f.rejectionsByReason.map((d) => <List.Item key={d.reason}>{d.reason}: {n(d.count)}</List.Item>)}</List></div>
                <div><Text size="sm" c="dimmed">{t('reports.blocked')}</Text><List size="sm">{f.blockedByRule.map((d) => <List.Item key={d.rule}>{d.rule}: {n(d.count)}</List.Item>)}</List></div>
              </SimpleGrid>
              {r.status === 'approved' ? (
                <Text size="sm" data-testid="report-final">{r.finalText}</Text>
              ) : (
                <>
                  <Textarea label={t('reports.draft')} autosize minRows={3} value={text[r.id] ?? r.draft} onChange={(e) => setText({ ...text, [r.id]: e.currentTarget.value })} data-testid="report-draft" />
                  <Text size="xs" c="dimmed" mt={4}>{t('reports.provenance')}: {r.provenance}</Text>
                  <Group mt="xs">
                    <Button onClick={() => void act(() => post(`/api/reports/${r.id}/decide`, (text[r.id] ?? r.draft) === r.draft ? {} : { text: text[r.id] }))}>
                      {(text[r.id] ?? r.draft) === r.draft ? t('reports.accept') : t('reports.approveEdited')}
                    </Button>
                  </Group>
                </>
              )}
            </Card>
          );
        })}
      </Stack>
    </>
  );
}
