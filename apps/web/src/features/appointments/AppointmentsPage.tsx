import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime, TIME_ZONE } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { PatientPicker } from '../triage/PatientPicker.tsx';

interface Appt {
  id: string; patientId: string; scheduledAt: string; reason: string; screeningId: string | null; status: 'booked' | 'seen' | 'missed' | 'cancelled';
  patient?: { fullName: string; phone: string | null };
}
const STATUS_COLOR = { booked: 'blue', seen: 'teal', missed: 'red', cancelled: 'gray' } as const;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());

export function AppointmentsPage() {
  const { t, lang } = useI18n();
  const { user, hasRole } = useAuth();
  // No facility chosen: the day across all of the user's facilities (a station nurse covers several).
  const [facilityId, setFacilityId] = useState<string | null>(user && user.facilities.length === 1 ? user.facilities[0]!.id : null);
  const [day, setDay] = useState(today());
  const [items, setItems] = useState<Appt[]>([]);
  const [patientId, setPatientId] = useState<string | null>(null);
  const [at, setAt] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const load = useCallback(() => {
    get<Appt[]>('/api/appointments', { facilityId, date: day }).then(setItems).catch(() => setItems([]));
  }, [facilityId, day]);
  useEffect(load, [load]);

  const book = async () => {
    const bookAt = facilityId ?? user?.facilities[0]?.id;
    if (!bookAt || !patientId || !at) {
      setErrors({ ...(!patientId ? { patientId: t('validation.required') } : {}), ...(!at ? { at: t('validation.required') } : {}) });
      return;
    }
    try {
      await post('/api/appointments', { patientId, facilityId: bookAt, at: new Date(at).toISOString(), ...(reason.trim() ? { reason: reason.trim() } : {}) });
      notifications.show({ color: 'teal', message: t('appt.booked') });
      setPatientId(null);
      setReason('');
      setErrors({});
      load();
    } catch (e) {
      if (e instanceof ApiError && e.field) setErrors({ [e.field]: e.text(lang) });
      else notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    }
  };
  const mark = async (id: string, status: 'seen' | 'missed' | 'cancelled') => {
    try {
      await post(`/api/appointments/${id}/status`, { status });
      load();
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    }
  };
  const canRecord = hasRole('station_staff', 'nurse', 'doctor');
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('appt.title')}</Title>
        <Group>
          <TextInput type="date" label={t('appt.day')} value={day} onChange={(e) => setDay(e.currentTarget.value || today())} data-testid="appt-day" />
          <Select label={t('tri.facility')} value={facilityId} onChange={setFacilityId} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} w={320} clearable placeholder={t('appt.allFacilities')} />
        </Group>
      </Group>
      {canRecord && (
        <Card withBorder padding="md">
          <Title order={4} mb="sm">{t('appt.book')}</Title>
          <SimpleGrid cols={{ base: 1, md: 4 }}>
            <PatientPicker facilityId={facilityId} value={patientId} onChange={setPatientId} label={t('tri.patient')} placeholder={t('tri.patient.search')} error={errors.patientId} />
            <TextInput type="datetime-local" label={t('appt.at')} value={at} onChange={(e) => setAt(e.currentTarget.value)} error={errors.at} />
            <TextInput label={t('appt.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Button mt={24} onClick={book}>{t('appt.book')}</Button>
          </SimpleGrid>
        </Card>
      )}
      <Card withBorder padding="md">
        {items.length === 0 ? <Text c="dimmed">{t('appt.empty')}</Text> : (
          <Table highlightOnHover data-testid="appt-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('appt.time')}</Table.Th>
                <Table.Th>{t('tri.patient')}</Table.Th>
                <Table.Th>{t('appt.reason')}</Table.Th>
                <Table.Th>{t('appt.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id} data-testid="appt-row">
                  <Table.Td>{formatDateTime(a.scheduledAt, lang).slice(11)}</Table.Td>
                  <Table.Td><Link to={`/patients/${a.patientId}`}>{a.patient?.fullName}</Link>{a.patient?.phone ? <Text span size="xs" c="dimmed"> · {a.patient.phone}</Text> : null}</Table.Td>
                  <Table.Td>{a.reason}{a.screeningId ? <Badge ml={6} size="xs" variant="light">{t('appt.fromScreening')}</Badge> : null}</Table.Td>
                  <Table.Td><Badge color={STATUS_COLOR[a.status]} variant="light">{t(`appt.status.${a.status}`)}</Badge></Table.Td>
                  <Table.Td>
                    {canRecord && a.status === 'booked' && (
                      <Group gap={4}>
                        <Button size="compact-xs" color="teal" variant="light" onClick={() => mark(a.id, 'seen')}>{t('appt.markSeen')}</Button>
                        <Button size="compact-xs" color="red" variant="light" onClick={() => mark(a.id, 'missed')}>{t('appt.markMissed')}</Button>
                        <Button size="compact-xs" color="gray" variant="subtle" onClick={() => mark(a.id, 'cancelled')}>{t('appt.cancel')}</Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
