/** Receiving facility's referral inbox and one referral's detail with its next steps (chuyển tuyến). */
import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';

export interface Referral {
  id: string; patientName: string; fromFacilityName: string; toFacilityName: string; state: string; reason: string; diagnosis: string; icd10: string;
  treatmentGiven: string; conditionAtTransfer: string; transport: string; accompanyingStaff: string | null; bhyt: string | null; sentAt: string;
  counterReferral: { diagnosis: string | null; treatment: string | null; advice: string; followUpPlan: string; returnedAt: string } | null;
  nextStates: string[];
}

const COLOR: Record<string, string> = { sent: 'orange', received: 'blue', arrived: 'cyan', treated: 'teal', counter_referral_returned: 'green', cancelled: 'gray' };

export function StateBadge({ state }: { state: string }) {
  const { t } = useI18n();
  return <Badge color={COLOR[state] ?? 'gray'}>{t(`referrals.state.${state}`)}</Badge>;
}

export function ReferralDetail({ r, onChanged }: { r: Referral; onChanged: (r: Referral) => void }) {
  const { t, lang } = useI18n();
  const [advice, setAdvice] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [cancelReason, setCancelReason] = useState('');
  const move = async (to: string) => {
    const body: Record<string, unknown> = { to };
    if (to === 'counter_referral_returned') body.counterReferral = { advice, followUpPlan: followUp };
    if (to === 'cancelled') body.cancelReason = cancelReason;
    try {
      onChanged(await post<Referral>(`/api/referrals/${r.id}/transition`, body));
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });
    }
  };
  const row = (k: string, v: string | null) => <Text size="sm"><b>{t(k)}:</b> {v ?? '—'}</Text>;
  return (
    <Card withBorder data-testid="referral-detail">
      <Group justify="space-between"><Title order={4}>{r.patientName}</Title><StateBadge state={r.state} /></Group>
      {row('referrals.from', `${r.fromFacilityName} → ${r.toFacilityName}`)}
      {row('referrals.sentAt', formatDateTime(r.sentAt, lang))}
      {row('referrals.reason', r.reason)}
      {row('referrals.diagnosis', `${r.diagnosis} (ICD-10 ${r.icd10})`)}
      {row('referrals.treatment', r.treatmentGiven)}
      {row('referrals.condition', r.conditionAtTransfer)}
      {row('referrals.transport', r.transport)}
      {row('referrals.staff', r.accompanyingStaff)}
      {row('referrals.bhyt', r.bhyt)}
      {r.counterReferral && (
        <Card withBorder mt="sm" bg="green.0">
          <Text fw={600}>{t('referrals.counter')} — {formatDateTime(r.counterReferral.returnedAt, lang)}</Text>
          {r.counterReferral.diagnosis && row('referrals.diagnosis', r.counterReferral.diagnosis)}
          {row('referrals.advice', r.counterReferral.advice)}
          {row('referrals.followUp', r.counterReferral.followUpPlan)}
        </Card>
      )}
      <Anchor href={`/api/referrals/${r.id}/paper.pdf`} target="_blank" mt="sm" size="sm">{t('referrals.paper')}</Anchor>
      {r.nextStates.includes('counter_referral_returned') && (
        <Stack gap="xs" mt="sm">
          <Textarea label={t('referrals.advice')} value={advice} onChange={(e) => setAdvice(e.currentTarget.value)} />
          <Textarea label={t('referrals.followUp')} value={followUp} onChange={(e) => setFollowUp(e.currentTarget.value)} />
        </Stack>
      )}
      {r.nextStates.includes('cancelled') && (
        <Textarea mt="sm" label={t('referrals.cancelReason')} value={cancelReason} onChange={(e) => setCancelReason(e.currentTarget.value)} />
      )}
      <Group mt="sm">
        {r.nextStates.map((s) => (
          <Button key={s} color={s === 'cancelled' ? 'red' : undefined} variant={s === 'cancelled' ? 'light' : 'filled'} onClick={() => void move(s)}>{t(`referrals.to.${s}`)}</Button>
        ))}
      </Group>
    </Card>
  );
}

export function ReferralsPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const [list, setList] = useState<Referral[] | null>(null);
  const [open, setOpen] = useState<Referral | null>(null);
  const load = useCallback(() => {
    if (!facilityId) return;
    get<Referral[]>('/api/referrals/inbox', { facilityId }).then(setList, (e) => {
      setList([]);
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });
    });
  }, [facilityId, lang]);
  useEffect(() => void load(), [load]);

  return (
    <>
      <Title order={2}>{t('referrals.title')}</Title>
      <Select mb="sm" maw={360} label={t('referrals.facility')} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} value={facilityId} onChange={setFacilityId} />
      {open ? (
        <>
          <Button variant="subtle" mb="xs" onClick={() => { setOpen(null); load(); }}>{t('referrals.back')}</Button>
          <ReferralDetail r={open} onChanged={setOpen} />
        </>
      ) : list && list.length === 0 ? (
        <Card withBorder><Text c="dimmed">{t('referrals.none')}</Text></Card>
      ) : list && (
        <Table striped highlightOnHover data-testid="referrals-table">
          <Table.Thead>
            <Table.Tr><Table.Th>{t('referrals.patient')}</Table.Th><Table.Th>{t('referrals.from')}</Table.Th><Table.Th>{t('referrals.diagnosis')}</Table.Th><Table.Th>{t('referrals.sentAt')}</Table.Th><Table.Th>{t('referrals.state')}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((r) => (
              <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => setOpen(r)}>
                <Table.Td>{r.patientName}</Table.Td><Table.Td>{r.fromFacilityName}</Table.Td><Table.Td>{r.icd10} {r.diagnosis}</Table.Td>
                <Table.Td>{formatDateTime(r.sentAt, lang)}</Table.Td><Table.Td><StateBadge state={r.state} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

/** The patient's chart panel: referrals sent for this patient with any counter-referral. */
export function PatientReferralsPanel({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t } = useI18n();
  const [list, setList] = useState<Referral[]>([]);
  useEffect(() => {
    get<Referral[]>(`/api/patients/${patientId}/referrals`).then(setList, () => setList([]));
  }, [patientId, refreshKey]);
  if (list.length === 0) return null;
  return (
    <Card withBorder data-testid="patient-referrals">
      <Title order={5} mb="xs">{t('referrals.panel')}</Title>
      <Stack gap="xs">{list.map((r) => <ReferralDetail key={r.id} r={r} onChanged={(n) => setList((l) => l.map((x) => (x.id === n.id ? n : x)))} />)}</Stack>
    </Card>
  );
}
