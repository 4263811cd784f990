/** The facility admin's home (issue 15, point 8): what needs attention, and a way into each part. */
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconDeviceHeartMonitor, IconFileExport, IconListSearch, IconSettings, IconUsers } from '@tabler/icons-react';
import { type ComponentType, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { adminApi, type Device, type Staff } from './api.ts';

function Tile({ icon: Icon, title, children, to, testId }: { icon: ComponentType<{ size?: number }>; title: string; children: React.ReactNode; to: string; testId: string }) {
  const { t } = useI18n();
  return (
    <Card withBorder data-testid={testId}>
      <Group gap="xs" mb="xs" wrap="nowrap"><Icon size={22} /><Title order={3} size="h4">{title}</Title></Group>
      <Stack gap={4} mb="sm">{children}</Stack>
      <Button component={Link} to={to} variant="light" size="xs" w="fit-content" aria-label={`${t('admin.home.open')}: ${title}`}>{t('admin.home.open')}</Button>
    </Card>
  );
}

export function AdminHome() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [staff, setStaff] = useState<Staff[] | null>(null);
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [denials, setDenials] = useState<number | null>(null);
  useEffect(() => {
    adminApi.users().then(setStaff).catch(() => setStaff([]));
    adminApi.devices().then(setDevices).catch(() => setDevices([]));
    const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
    adminApi.audit({ outcome: 'denied', from, limit: 200 }).then((p) => setDenials(p.items.length)).catch(() => setDenials(0));
  }, []);
  const active = staff?.filter((u) => u.active).length ?? 0;
  const pending = staff?.filter((u) => u.active && u.mustChangePassword).length ?? 0;
  return (
    <Stack data-testid="admin-home">
      <div>
        <Title order={2}>{t('admin.home.title')}</Title>
        <Text c="dark.4">{t('admin.home.intro', { facility: user?.facilities.map((f) => f.name).join(', ') ?? '' })}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        <Tile icon={IconUsers} title={t('admin.home.users')} to="/admin/users" testId="admin-tile-users">
          <Text size="sm">{t('admin.home.usersSummary', { active, inactive: (staff?.length ?? 0) - active })}</Text>
          {pending > 0 && <Badge color="orange" variant="light">{t('admin.home.mustChange', { n: pending })}</Badge>}
        </Tile>
        <Tile icon={IconListSearch} title={t('admin.home.denials')} to="/admin/audit?outcome=denied" testId="admin-tile-denials">
          <Text size="sm" data-testid="admin-denials">{t('admin.home.denialsSummary', { n: denials ?? '…' })}</Text>
        </Tile>
        <Tile icon={IconDeviceHeartMonitor} title={t('admin.home.devices')} to="/admin/devices" testId="admin-tile-devices">
          <Text size="sm">{t('admin.home.devicesSummary', { n: devices?.length ?? 0, keys: devices?.filter((d) => d.hasKey).length ?? 0 })}</Text>
        </Tile>
        <Tile icon={IconSettings} title={t('admin.home.settings')} to="/admin/settings" testId="admin-tile-settings">
          <Text size="sm">{t('admin.home.settingsSummary')}</Text>
        </Tile>
        <Tile icon={IconFileExport} title={t('admin.home.pdp')} to="/admin/audit" testId="admin-tile-pdp">
          <Text size="sm">{t('admin.home.pdpSummary')}</Text>
        </Tile>
      </SimpleGrid>
    </Stack>
  );
}
