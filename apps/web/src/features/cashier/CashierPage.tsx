/**
 * Cashier screen: the day's visits, a visit's orders and diagnosis/card check, its bill with the insured
 * share, payment (cash, card, VietQR), receipts, refunds with a reason, the insurance claim, and the shift.
 */
import { DateInput } from '@mantine/dates';
import { Alert, Badge, Button, Card, Grid, Group, List, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { parseDayMonthYear } from '../../lib/format.ts';
import { formatVnd } from '../claims/format.ts';

interface Visit { encounterId: string; patientName: string; bhyt: string | null; startedAt: string; charges: number; paidVnd: number; claimState: string | null }
interface Line { code: string; name: string; quantity: number; totalVnd: number; fundVnd: number; coPayVnd: number; outOfScopeVnd: number }
interface Payment { id: string; receiptNo: number; kind: string; method: string; amountVnd: number; reason: string | null; createdAt: string }
interface Screen {
  encounterId: string; patientName: string; bhyt: string | null; startedAt: string;
  charges: Array<{ id: string; kind: string; code: string; quantity: number; dosage: string | null; voided: boolean; voidReason: string | null }>;
  billing: { icd10Main: string; diagnosisText: string; cardValidFrom: string; cardValidTo: string; cardRegisteredAt: string; route: string } | null;
  missing: string[]; unmapped: Array<{ loinc: string; display: string }>;
  bill: { lines: Line[]; totalVnd: number; fundVnd: number; patientVnd: number; coPayVnd: number; outOfScopeVnd: number; benefitPercent: number } | null;
  benefitReason: string | null; errors: Array<{ rule: string; table: string; field: string; message: string }>; payments: Payment[]; paidVnd: number; dueVnd: number;
}
interface Shift { id: string; openedAt: string; openingFloatVnd: number; payments: number; expectedCashVnd: number }

/** Today in Vietnam (UTC+7) as YYYY-MM-DD. */
const todayVn = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const hhmm = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(11, 16);

export function CashierPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const [day, setDay] = useState(todayVn());
  const [visits, setVisits] = useState<Visit[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen | null>(null);
  const [shift, setShift] = useState<Shift | null>(null);
  const [float, setFloat] = useState<number | string>(0);
  const [counted, setCounted] = useState<number | string>('');
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState<number | string>('');
  const [qr, setQr] = useState<{ svg: string; amountVnd: number } | null>(null);
  const [refundReason, setRefundReason] = useState('');
  const [charge, setCharge] = useState({ kind: 'DVKT', code: '', quantity: 1 as number | string, dosage: '' });
  const [billing, setBilling] = useState({ icd10Main: '', diagnosisText: '', cardValidFrom: '', cardValidTo: '', cardRegisteredAt: '', route: 'on-route' });
  const vnd = (v: number) => formatVnd(v, lang);
  const fail = (e: unknown) => notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });

  const loadVisits = useCallback(() => {
    if (!facilityId) return;
    get<Visit[]>('/api/cashier/visits', { facilityId, day }).then(setVisits, (e) => { setVisits([]); fail(e); });
    get<{ shift: Shift | null }>('/api/cashier/shift', { facilityId }).then((r) => setShift(r.shift), () => setShift(null));
  }, [facilityId, day]);
  const loadScreen = useCallback(() => {
    if (!selected) return setScreen(null);
    get<Screen>(`/api/cashier/encounters/${selected}`).then((s) => {
      setScreen(s);
      setAmount(s.dueVnd || '');
      const b = s.billing;
      setBilling(b ? { icd10Main: b.icd10Main, diagnosisText: b.diagnosisText, cardValidFrom: b.cardValidFrom, cardValidTo: b.cardValidTo, cardRegisteredAt: b.cardRegisteredAt, route: b.route }
        : { icd10Main: '', diagnosisText: '', cardValidFrom: '', cardValidTo: '', cardRegisteredAt: '', route: 'on-route' });
    }, fail);
  }, [selected]);
  useEffect(() => void loadVisits(), [loadVisits]);
  useEffect(() => { setQr(null); loadScreen(); }, [loadScreen]);
  const act = async (fn: () => Promise<unknown>, ok?: string) => {
    try {
      await fn();
      if (ok) notifications.show({ color: 'teal', message: ok });
      loadScreen();
      loadVisits();
    } catch (e) {
      fail(e);
    }
  };
  const pay = (method: 'cash' | 'card' | 'vietqr') => act(() => post(`/api/cashier/encounters/${selected}/payments`, { method, amountVnd: Number(amount) }), t('cashier.saved'));

  return (
    <>
      <Title order={2}>{t('cashier.title')}</Title>
      <Text c="dimmed" size="sm" mb="sm">{t('cashier.subtitle')}</Text>
      <Group mb="sm" align="end">
        <Select label={t('cashier.facility')} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} value={facilityId} onChange={setFacilityId} />
        <DateInput label={t('cashier.day')} w={150} valueFormat="DD/MM/YYYY" dateParser={parseDayMonthYear} value={day} onChange={(v) => v && setDay(v)} data-testid="cashier-day" />
      </Group>
      <Card withBorder mb="sm" data-testid="cashier-shift">
        <Group align="end">
          <Text fw={600}>{t('cashier.shift')}:</Text>
          {shift ? (
            <>
              <Text size="sm">{hhmm(shift.openedAt)} · {t('cashier.expected')}: {vnd(shift.expectedCashVnd)} đ</Text>
              <NumberInput label={t('cashier.counted')} value={counted} onChange={setCounted} thousandSeparator={lang === 'vi' ? '.' : ','} decimalSeparator={lang === 'vi' ? ',' : '.'} w={180} />
              <TextInput label={t('cashier.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
              <Button variant="default" onClick={() => void act(async () => {
                const r = await post<{ expectedCashVnd: number; countedCashVnd: number; differenceVnd: number }>('/api/cashier/shift/close', { facilityId, countedCashVnd: Number(counted), ...(note ? { note } : {}) });
                notifications.show({ color: 'teal', message: t('cashier.closed', { expected: vnd(r.expectedCashVnd), counted: vnd(r.countedCashVnd), diff: vnd(r.differenceVnd) }) });
              })}>{t('cashier.closeShift')}</Button>
            </>
          ) : (
            <>
              <Text size="sm" c="dimmed">{t('cashier.shiftClosed')}</Text>
              <NumberInput label={t('cashier.float')} value={float} onChange={setFloat} thousandSeparator={lang === 'vi' ? '.' : ','} decimalSeparator={lang === 'vi' ? ',' : '.'} w={180} />
              <Button onClick={() => void act(() => post('/api/cashier/shift/open', { facilityId, openingFloatVnd: Number(float) || 0 }))}>{t('cashier.openShift')}</Button>
            </>
          )}
        </Group>
      </Card>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Text fw={600} mb="xs">{t('cashier.visits')}</Text>
            {visits && visits.length === 0 && <Text c="dimmed" size="sm">{t('cashier.noVisits')}</Text>}
            <Stack gap={4} data-testid="cashier-visits">
              {(visits ?? []).map((v) => (
                <Button key={v.encounterId} variant={v.encounterId === selected ? 'filled' : 'light'} justify="space-between" onClick={() => setSelected(v.encounterId)}
                  rightSection={v.claimState ? <Badge size="xs" color={v.claimState === 'blocked' ? 'red' : 'teal'}>{v.claimState}</Badge> : undefined}>
                  {hhmm(v.startedAt)} · {v.patientName}
                </Button>
              ))}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {!screen && <Card withBorder><Text c="dimmed">{t('cashier.select')}</Text></Card>}
          {screen && (
            <Stack>
              <Card withBorder>
                <Group justify="space-between">
                  <div>
                    <Text fw={700}>{screen.patientName}</Text>
                    <Text size="sm">{t('cashier.card')}: {screen.bhyt ?? t('cashier.noCard')}</Text>
                  </div>
                  <Button variant="default" onClick={() => void act(async () => {
                    const r = await post<{ state: string }>(`/api/cashier/encounters/${selected}/claim`);
                    notifications.show({ color: r.state === 'ready' ? 'teal' : 'red', message: t('cashier.claimState', { state: r.state }) });
                  })}>{t('cashier.claim')}</Button>
                </Group>
              </Card>
              <Card withBorder>
                <Text fw={600} mb="xs">{t('cashier.charges')}</Text>
                <List size="sm" mb="xs">
                  {screen.charges.map((c) => (
                    <List.Item key={c.id}>
                      <Group gap="xs">
                        <Text size="sm" td={c.voided ? 'line-through' : undefined}>{t(`cashier.kind.${c.kind}`)} {c.code} × {c.quantity}{c.dosage ? ` (${c.dosage})` : ''}</Text>
                        {c.voided ? <Badge size="xs" color="gray">{t('cashier.voided')}: {c.voidReason}</Badge> : (
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => void act(() => post(`/api/charges/${c.id}/void`, { reason: refundReason }))}>{t('cashier.void')}</Button>
                        )}
                      </Group>
                    </List.Item>
                  ))}
                </List>
                <Group align="end" gap="xs">
                  <Select label={t('cashier.kind')} w={160} data={['DVKT', 'THUOC', 'VTYT'].map((k) => ({ value: k, label: t(`cashier.kind.${k}`) }))} value={charge.kind} onChange={(v) => setCharge({ ...charge, kind: v ?? 'DVKT' })} />
                  <TextInput label={t('cashier.code')} w={140} value={charge.code} onChange={(e) => setCharge({ ...charge, code: e.currentTarget.value })} />
                  <NumberInput label={t('cashier.qty')} w={90} value={charge.quantity} onChange={(v) => setCharge({ ...charge, quantity: v })} />
                  <TextInput label={t('cashier.dosage')} w={160} value={charge.dosage} onChange={(e) => setCharge({ ...charge, dosage: e.currentTarget.value })} />
                  <Button onClick={() => void act(() => post(`/api/encounters/${selected}/charges`, {
                    kind: charge.kind, code: charge.code, quantity: Number(charge.quantity), orderedAt: new Date().toISOString(),
                    ...(charge.kind === 'THUOC' ? { dosage: charge.dosage || '—', drugRoute: '1.01' } : {}),
                  }))}>{t('cashier.addCharge')}</Button>
                </Group>
                <Group align="end" gap="xs" mt="sm">
                  <TextInput label={t('cashier.icd10')} w={100} value={billing.icd10Main} onChange={(e) => setBilling({ ...billing, icd10Main: e.currentTarget.value })} />
                  <TextInput label={t('cashier.diagnosis')} w={220} value={billing.diagnosisText} onChange={(e) => setBilling({ ...billing, diagnosisText: e.currentTarget.value })} />
                  <DateInput label={t('cashier.cardFrom')} w={140} valueFormat="DD/MM/YYYY" dateParser={parseDayMonthYear} placeholder={t('common.dateFormat')} value={billing.cardValidFrom || null} onChange={(v) => setBilling({ ...billing, cardValidFrom: v ?? '' })} />
                  <DateInput label={t('cashier.cardTo')} w={140} valueFormat="DD/MM/YYYY" dateParser={parseDayMonthYear} placeholder={t('common.dateFormat')} value={billing.cardValidTo || null} onChange={(v) => setBilling({ ...billing, cardValidTo: v ?? '' })} />
                  <TextInput label={t('cashier.registeredAt')} w={120} value={billing.cardRegisteredAt} onChange={(e) => setBilling({ ...billing, cardRegisteredAt: e.currentTarget.value })} />
                  <Select label={t('cashier.route')} w={150} data={['on-route', 'emergency', 'off-route'].map((r) => ({ value: r, label: t(`cashier.route.${r}`) }))} value={billing.route} onChange={(v) => setBilling({ ...billing, route: v ?? 'on-route' })} />
                  <Button variant="default" onClick={() => void act(() => api('PUT', `/api/encounters/${selected}/billing`, {
                    body: { ...billing, endedAt: new Date().toISOString(), result: 2 },
                  }), t('cashier.saved'))}>{t('cashier.saveBilling')}</Button>
                </Group>
              </Card>
              {screen.missing.length > 0 && <Alert color="orange" title={t('cashier.missing')}><List size="sm">{screen.missing.map((m, i) => <List.Item key={i}>{m}</List.Item>)}</List></Alert>}
              {screen.unmapped.length > 0 && <Alert color="gray" title={t('cashier.unmapped')}>{screen.unmapped.map((u) => `${u.display} (${u.loinc})`).join(', ')}</Alert>}
              {screen.bill && (
                <Card withBorder data-testid="cashier-bill">
                  <Group justify="space-between" mb="xs">
                    <Text fw={600}>{t('cashier.bill')}</Text>
                    <Badge title={screen.benefitReason ?? ''}>{t('cashier.benefit', { pct: String(screen.bill.benefitPercent) })}</Badge>
                  </Group>
                  <Table.ScrollContainer minWidth={520}>
                    <Table striped>
                      <Table.Thead><Table.Tr><Table.Th>{t('cashier.item')}</Table.Th><Table.Th>{t('cashier.qty')}</Table.Th><Table.Th>{t('cashier.total')}</Table.Th><Table.Th>{t('cashier.fund')}</Table.Th><Table.Th>{t('cashier.patientPays')}</Table.Th></Table.Tr></Table.Thead>
                      <Table.Tbody>
                        {screen.bill.lines.map((l, i) => (
                          <Table.Tr key={i}><Table.Td>{l.name}</Table.Td><Table.Td>{vnd(l.quantity)}</Table.Td><Table.Td>{vnd(l.totalVnd)}</Table.Td><Table.Td>{vnd(l.fundVnd)}</Table.Td><Table.Td>{vnd(l.coPayVnd + l.outOfScopeVnd)}</Table.Td></Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                  <Text size="sm" mt="xs">{t('cashier.sumTotal')}: <b>{vnd(screen.bill.totalVnd)} đ</b> · {t('cashier.fund')}: <b>{vnd(screen.bill.fundVnd)} đ</b> · {t('cashier.coPay')}: {vnd(screen.bill.coPayVnd)} đ · {t('cashier.outOfScope')}: {vnd(screen.bill.outOfScopeVnd)} đ</Text>
                  <Text size="lg" mt="xs" data-testid="cashier-due">{t('cashier.due')}: <b>{vnd(screen.dueVnd)} đ</b></Text>
                  <Group align="end" mt="xs">
                    <NumberInput label={t('cashier.amount')} value={amount} onChange={setAmount} thousandSeparator={lang === 'vi' ? '.' : ','} decimalSeparator={lang === 'vi' ? ',' : '.'} w={170} />
                    <Button onClick={() => void pay('cash')}>{t('cashier.payCash')}</Button>
                    <Button variant="default" onClick={() => void pay('card')}>{t('cashier.payCard')}</Button>
                    <Button variant="light" onClick={() => void get<{ svg: string; amountVnd: number }>(`/api/cashier/encounters/${selected}/vietqr`).then(setQr, fail)}>{t('cashier.showQr')}</Button>
                  </Group>
                  {qr && (
                    <Group mt="sm" align="start" data-testid="cashier-qr">
                      <div style={{ width: 180 }} dangerouslySetInnerHTML={{ __html: qr.svg }} />
                      <Stack gap="xs">
                        <Text size="sm">{t('cashier.qrHint')}</Text>
                        <Text fw={700}>{vnd(qr.amountVnd)} đ</Text>
                        <Button color="teal" onClick={() => { setAmount(qr.amountVnd); void act(() => post(`/api/cashier/encounters/${selected}/payments`, { method: 'vietqr', amountVnd: qr.amountVnd })).then(() => setQr(null)); }}>{t('cashier.payQr')}</Button>
                      </Stack>
                    </Group>
                  )}
                </Card>
              )}
              {screen.errors.length > 0 && (
                <Alert color="red" title={t('cashier.errors')}>
                  <List size="sm">{screen.errors.map((e, i) => <List.Item key={i}><b>[{e.rule}] {e.table}.{e.field}</b>: {e.message}</List.Item>)}</List>
                </Alert>
              )}
              {screen.payments.length > 0 && (
                <Card withBorder data-testid="cashier-payments">
                  <Text fw={600} mb="xs">{t('cashier.payments')}</Text>
                  <TextInput label={t('cashier.reason')} value={refundReason} onChange={(e) => setRefundReason(e.currentTarget.value)} mb="xs" maw={320} />
                  <Stack gap={4}>
                    {screen.payments.map((p) => (
                      <Group key={p.id} gap="xs">
                        <Text size="sm">#{p.receiptNo} · {t(p.kind === 'refund' ? 'cashier.refundKind' : 'cashier.paymentKind')} · {t(`cashier.method.${p.method}`)} · <b>{vnd(p.amountVnd)} đ</b>{p.reason ? ` · ${p.reason}` : ''}</Text>
                        <Button size="compact-xs" variant="subtle" component="a" href={`/api/cashier/payments/${p.id}/receipt.pdf`} target="_blank">{t('cashier.receipt')}</Button>
                        {p.kind === 'payment' && <Button size="compact-xs" variant="subtle" component="a" href={`/api/cashier/payments/${p.id}/einvoice.xml`} target="_blank">{t('cashier.invoice')}</Button>}
                        {p.kind === 'payment' && <Button size="compact-xs" variant="subtle" color="red" onClick={() => void act(() => post(`/api/cashier/payments/${p.id}/refund`, { amountVnd: p.amountVnd, reason: refundReason }))}>{t('cashier.refund')}</Button>}
                      </Group>
                    ))}
                  </Stack>
                </Card>
              )}
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
