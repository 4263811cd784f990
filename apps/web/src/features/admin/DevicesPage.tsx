/** Bedside monitors and gateways of the admin's facilities (registered in modules/monitoring). */
import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { adminApi, type Device } from './api.ts';

export function DevicesPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const facilities = user?.facilities ?? [];
  const [list, setList] = useState<Device[]>([]);
  const [mqtt, setMqtt] = useState<{ received: number; stored: number; rejected: number; topicMismatch: number } | null | undefined>(undefined);
  const [deviceId, setDeviceId] = useState('');
  const [bed, setBed] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [facilityId, setFacilityId] = useState<string | null>(facilities[0]?.id ?? null);
  const load = useCallback(() => adminApi.devices().then(setList).catch(() => setList([])), []);
  useEffect(() => {
    void load();
    adminApi.mqtt().then((s) => setMqtt(s.mqtt)).catch(() => setMqtt(null));
  }, [load]);
  const fail = (e: unknown) => notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
  const act = (id: string, a: 'revoke-key' | 'release') => adminApi.deviceAction(id, a).then(load, fail);
  const register = async () => {
    if (!facilityId || !deviceId.trim()) return;
    try {
      await adminApi.registerDevice({ deviceId: deviceId.trim(), facilityId, patientId: null, ...(bed.trim() ? { bed: bed.trim() } : {}), ...(apiKey ? { apiKey } : {}) });
      notifications.show({ color: 'teal', message: t('admin.devices.registered') });
      setDeviceId(''); setBed(''); setApiKey('');
      await load();
    } catch (e) {
      fail(e);
    }
  };
  return (
    <Stack data-testid="admin-devices">
      <div>
        <Title order={2}>{t('admin.devices.title')}</Title>
        <Text c="dark.4">{t('admin.devices.intro')}</Text>
        {mqtt !== undefined && <Text size="sm" mt={4} data-testid="admin-mqtt">{mqtt ? t('admin.devices.mqtt', { received: mqtt.received, stored: mqtt.stored, rejected: mqtt.rejected, mismatch: mqtt.topicMismatch }) : t('admin.devices.mqttOff')}</Text>}
      </div>
      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs" data-testid="admin-devices-table">
            <Table.Thead>
              <Table.Tr><Table.Th>{t('admin.devices.id')}</Table.Th><Table.Th>{t('admin.devices.bed')}</Table.Th><Table.Th>{t('admin.devices.patient')}</Table.Th><Table.Th>{t('admin.devices.key')}</Table.Th><Table.Th>{t('admin.devices.lastReading')}</Table.Th><Table.Th>{t('admin.users.actions')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((d) => (
                <Table.Tr key={d.id} data-testid="admin-device-row" data-device={d.id}>
                  <Table.Td><Text size="sm" ff="monospace">{d.id}</Text><Text size="xs" c="dark.4">{d.facilityCode}</Text></Table.Td>
                  <Table.Td>{d.bed ?? t('admin.devices.none')}</Table.Td>
                  <Table.Td>{d.patientName ?? t('admin.devices.none')}</Table.Td>
                  <Table.Td><Badge color={d.hasKey ? 'teal' : 'gray'} variant="light" data-testid="admin-device-key">{t(d.hasKey ? 'admin.devices.hasKey' : 'admin.devices.noKey')}</Badge></Table.Td>
                  <Table.Td>{d.lastReadingAt ? formatDateTime(d.lastReadingAt) : t('admin.devices.none')}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="light" color="red" disabled={!d.hasKey} onClick={() => act(d.id, 'revoke-key')} data-testid="admin-device-revoke">{t('admin.devices.revoke')}</Button>
                      <Button size="compact-xs" variant="default" disabled={!d.patientId} onClick={() => act(d.id, 'release')}>{t('admin.devices.release')}</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.length === 0 && <Text p="md" c="dark.4" data-testid="admin-devices-empty">{t('admin.devices.empty')}</Text>}
      </Card>
      <Card withBorder maw={720}>
        <Title order={3} size="h4" mb="sm">{t('admin.devices.register')}</Title>
        <Stack>
          {facilities.length > 1 && <Select label={t('admin.settings.facility')} data={facilities.map((f) => ({ value: f.id, label: f.name }))} value={facilityId} onChange={setFacilityId} allowDeselect={false} />}
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={t('admin.devices.id')} withAsterisk value={deviceId} onChange={(e) => setDeviceId(e.currentTarget.value)} data-testid="admin-device-id" miw={200} />
            <TextInput label={t('admin.devices.bed')} value={bed} onChange={(e) => setBed(e.currentTarget.value)} data-testid="admin-device-bed" miw={140} />
          </Group>
          <TextInput label={t('admin.devices.apiKey')} value={apiKey} onChange={(e) => setApiKey(e.currentTarget.value)} data-testid="admin-device-apikey" autoComplete="off" />
          <Button w="fit-content" onClick={register} disabled={!deviceId.trim()} data-testid="admin-device-register">{t('admin.devices.register')}</Button>
        </Stack>
      </Card>
    </Stack>
  );
}
