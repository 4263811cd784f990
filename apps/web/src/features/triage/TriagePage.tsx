import { Alert, Badge, Button, Card, Checkbox, Group, MultiSelect, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client.ts';
import { DecimalInput } from '../../lib/DecimalInput.tsx';
import { parseDecimal } from '../../lib/decimal.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { PatientPicker } from './PatientPicker.tsx';

interface Entry {
  id: string; patientId: string; category: 'red' | 'yellow' | 'green'; arrivedAt: string; targetMinutes: number; waitingMinutes: number; overTarget: boolean;
  criteria: string[]; targetTime: { vi: string; en: string }; patient: { fullName: string; birthDate: string };
}
interface Signs { adult: { red: string[]; redPair: string[]; pregnancy: string[]; yellow: string[] }; child: { red: string[]; yellow: string[] } }

export const CAT_COLOR = { red: 'red', yellow: 'yellow', green: 'green' } as const;
const VITALS = ['heartRate', 'respRate', 'spo2', 'temperatureC', 'systolicBP', 'diastolicBP'] as const;

export function TriagePage() {
  const { t, lang } = useI18n();
  const { user, hasRole } = useAuth();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const [queue, setQueue] = useState<Entry[]>([]);
  const [signs, setSigns] = useState<Signs | null>(null);
  const [patientId, setPatientId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [vitals, setVitals] = useState<Record<string, string>>({});
  const [avpu, setAvpu] = useState<string | null>('A');
  const [mobility, setMobility] = useState<string | null>('walking');
  const [trauma, setTrauma] = useState(false);
  const [pregnant, setPregnant] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    if (facilityId) get<Entry[]>('/api/triage/queue', { facilityId }).then(setQueue).catch(() => setQueue([]));
  }, [facilityId]);
  useEffect(() => {
    load();
    const h = setInterval(load, 30_000);
    return () => clearInterval(h);
  }, [load]);
  useEffect(() => {
    get<Signs>('/api/triage/signs').then(setSigns).catch(() => undefined);
  }, []);

  const submit = async () => {
    if (!facilityId || !patientId) {
      setErrors({ patientId: t('validation.required') });
      return;
    }
    const v: Record<string, unknown> = {};
    const bad: Record<string, string> = {};
    for (const k of VITALS) {
      if (!vitals[k]?.trim()) continue;
      const p = parseDecimal(vitals[k]);
      if (p.ok) v[k] = p.value;
      else bad[k] = t(p.reason === 'ambiguous' ? 'validation.decimalAmbiguous' : 'validation.number');
    }
    if (Object.keys(bad).length) {
      setErrors(bad);
      return;
    }
    setBusy(true);
    setErrors({});
    if (avpu) v.avpu = avpu;
    try {
      const out = await post<Entry>('/api/triage', { patientId, facilityId, signs: chosen, vitals: v, ...(mobility ? { mobility } : {}), trauma, ...(pregnant ? { pregnant } : {}) });
      notifications.show({ color: CAT_COLOR[out.category], message: t('tri.saved', { cat: t(`tri.cat.${out.category}`) }) });
      setPatientId(null);
      setChosen([]);
      setVitals({});
      load();
    } catch (e) {
      if (e instanceof ApiError && e.field) setErrors({ [e.field.replace(/^vitals\./, '')]: e.text(lang) });
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    } finally {
      setBusy(false);
    }
  };

  const signOptions = signs ? [...new Set([...signs.adult.red, ...signs.adult.redPair, ...signs.adult.yellow, ...signs.child.red, ...signs.child.yellow])].sort() : [];
  const canRecord = hasRole('station_staff', 'nurse', 'doctor');
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('tri.title')}</Title>
          <Text size="sm" c="dimmed">{t('tri.hint')}</Text>
        </div>
        <Select label={t('tri.facility')} value={facilityId} onChange={setFacilityId} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} w={320} />
      </Group>
      {canRecord && (
        <Card withBorder padding="md">
          <Title order={4} mb="sm">{t('tri.new')}</Title>
          <Stack>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <PatientPicker facilityId={facilityId} value={patientId} onChange={setPatientId} label={t('tri.patient')} placeholder={t('tri.patient.search')} error={errors.patientId} testId="tri-patient" />
              <MultiSelect label={t('tri.signs')} data={signOptions} value={chosen} onChange={setChosen} searchable clearable error={errors['signs[0]']} data-testid="tri-signs" />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
              {VITALS.map((k) => (
                <DecimalInput key={k} label={t(`tri.${k}`)} value={vitals[k] ?? ''} onChange={(x) => setVitals((s) => ({ ...s, [k]: x }))} error={errors[k]} data-testid={`tri-${k}`} />
              ))}
            </SimpleGrid>
            {patientId && queue.some((e) => e.patientId === patientId) && (
              <Alert color="yellow" variant="light" data-testid="tri-duplicate">{t('tri.alreadyQueued')}</Alert>
            )}
            <Group align="flex-end">
              <Select label={t('tri.avpu')} value={avpu} onChange={setAvpu} data={['A', 'C', 'V', 'P', 'U'].map((c) => ({ value: c, label: t(`acvpu.${c}`) }))} w={220} data-testid="tri-avpu" />
              <Select label={t('tri.mobility')} value={mobility} onChange={setMobility} data={['walking', 'with-help', 'stretcher'].map((m) => ({ value: m, label: t(`tri.mobility.${m}`) }))} w={180} />
              <Checkbox label={t('tri.trauma')} checked={trauma} onChange={(e) => setTrauma(e.currentTarget.checked)} />
              <Checkbox label={t('tri.pregnant')} checked={pregnant} onChange={(e) => setPregnant(e.currentTarget.checked)} />
              <Button ml="auto" onClick={submit} loading={busy} data-testid="tri-submit">{t('tri.submit')}</Button>
            </Group>
          </Stack>
        </Card>
      )}
      <Card withBorder padding="md">
        <Title order={4} mb="sm">{t('tri.queue', { n: queue.length })}</Title>
        {queue.length === 0 ? <Text c="dimmed">{t('tri.empty')}</Text> : (
          <Table highlightOnHover data-testid="tri-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tri.category')}</Table.Th>
                <Table.Th>{t('tri.patient')}</Table.Th>
                <Table.Th>{t('tri.arrived')}</Table.Th>
                <Table.Th>{t('tri.waiting')}</Table.Th>
                <Table.Th>{t('tri.target')}</Table.Th>
                <Table.Th>{t('tri.criteria')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.map((e) => (
                <Table.Tr key={e.id} data-testid="tri-row" data-category={e.category} bg={e.overTarget ? 'red.0' : undefined}>
                  <Table.Td><Badge color={CAT_COLOR[e.category]} variant="filled" c={e.category === 'yellow' ? 'dark' : undefined}>{t(`tri.cat.${e.category}`)}</Badge></Table.Td>
                  <Table.Td><Link to={`/patients/${e.patientId}`}>{e.patient.fullName}</Link></Table.Td>
                  <Table.Td>{formatDateTime(e.arrivedAt, lang)}</Table.Td>
                  <Table.Td fw={e.overTarget ? 700 : 400} c={e.overTarget ? 'red' : undefined} data-testid="tri-waiting">
                    {t('tri.minutes', { n: e.waitingMinutes })}{e.overTarget ? ` · ${t('tri.over')}` : ''}
                  </Table.Td>
                  <Table.Td>{lang === 'vi' ? e.targetTime.vi : e.targetTime.en}</Table.Td>
                  <Table.Td><Text size="xs" lineClamp={2}>{e.criteria.join(', ')}</Text></Table.Td>
                  <Table.Td>{canRecord && <Button size="compact-xs" variant="light" onClick={async () => { await post(`/api/triage/${e.id}/seen`); load(); }}>{t('tri.seen')}</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
