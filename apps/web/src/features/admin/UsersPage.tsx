/** Staff accounts of the admin's facilities: create, roles, deactivate, reset password, sessions. */
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Menu, Modal, MultiSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { adminApi, ROLE_LIST, type Staff } from './api.ts';

type Pending = { kind: 'deactivate' | 'reset'; user: Staff } | null;

export function UsersPage() {
  const { t, lang } = useI18n();
  const { user: me } = useAuth();
  const [list, setList] = useState<Staff[]>([]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Staff | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [temp, setTemp] = useState<{ name: string; password: string } | null>(null);
  const facilities = me?.facilities ?? [];
  // Facilities this admin does not administer are counted, not named (their names are not theirs to list).
  const facilityNames = (ids: string[]) => {
    const known = ids.map((id) => facilities.find((f) => f.id === id)?.name).filter((x): x is string => !!x);
    const other = ids.length - known.length;
    return [...known, ...(other ? [t('admin.users.otherFacilities', { n: other })] : [])].join(', ');
  };
  const roleOptions = ROLE_LIST.map((r) => ({ value: r, label: t(`role.${r}`) }));
  const load = useCallback(() => adminApi.users().then(setList).catch(() => setList([])), []);
  useEffect(() => void load(), [load]);
  const fail = (e: unknown) => notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });

  const act = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      if (done) notifications.show({ color: 'teal', message: done });
      await load();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Stack data-testid="admin-users">
      <Group justify="space-between">
        <Title order={2}>{t('admin.users.title')}</Title>
        <Button onClick={() => setCreating(true)} data-testid="admin-user-new">{t('admin.users.new')}</Button>
      </Group>
      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="admin-users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.users.fullName')}</Table.Th><Table.Th>{t('admin.users.roles')}</Table.Th><Table.Th>{t('admin.users.facilities')}</Table.Th>
                <Table.Th>{t('admin.users.status')}</Table.Th><Table.Th>{t('admin.users.lastLogin')}</Table.Th><Table.Th>{t('admin.users.sessions')}</Table.Th><Table.Th>{t('admin.users.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((u) => (
                <Table.Tr key={u.id} data-testid="admin-user-row" data-username={u.username}>
                  <Table.Td><Text size="sm" fw={600}>{u.fullName}</Text><Text size="xs" c="dark.4">{u.username}</Text></Table.Td>
                  <Table.Td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</Table.Td>
                  <Table.Td><Text size="xs">{facilityNames(u.facilityIds)}</Text></Table.Td>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <Badge color={u.active ? 'teal' : 'gray'} variant={u.active ? 'light' : 'filled'} data-testid="admin-user-status">{t(u.active ? 'admin.users.active' : 'admin.users.inactive')}</Badge>
                      {u.active && u.mustChangePassword && <Badge color="orange" variant="light">{t('admin.users.mustChange')}</Badge>}
                      {!u.managedHere && <Badge color="gray" variant="outline">{t('admin.users.managedElsewhere')}</Badge>}
                    </Stack>
                  </Table.Td>
                  <Table.Td><Text size="sm">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('admin.users.never')}</Text></Table.Td>
                  <Table.Td data-testid="admin-user-sessions">{u.activeSessions}</Table.Td>
                  <Table.Td>
                    {u.managedHere && (
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button variant="subtle" size="compact-sm" aria-label={`${t('admin.users.actions')}: ${u.fullName}`} data-testid="admin-user-menu"><IconDots size={16} /></Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setEditing(u)} data-testid="admin-user-roles">{t('admin.users.editRoles')}</Menu.Item>
                          <Menu.Item onClick={() => setPending({ kind: 'reset', user: u })} data-testid="admin-user-reset">{t('admin.users.reset')}</Menu.Item>
                          <Menu.Item disabled={u.activeSessions === 0} onClick={() => act(async () => { const r = await adminApi.endSessions(u.id); notifications.show({ color: 'teal', message: t('admin.users.ended', { n: r.sessionsEnded }) }); })} data-testid="admin-user-end-sessions">{t('admin.users.endSessions')}</Menu.Item>
                          {u.id !== me?.id && (u.active
                            ? <Menu.Item color="red" onClick={() => setPending({ kind: 'deactivate', user: u })} data-testid="admin-user-deactivate">{t('admin.users.deactivate')}</Menu.Item>
                            : <Menu.Item onClick={() => act(() => adminApi.updateUser(u.id, { active: true }), t('admin.users.saved'))} data-testid="admin-user-reactivate">{t('admin.users.reactivate')}</Menu.Item>)}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.length === 0 && <Text p="md" c="dark.4">{t('admin.users.empty')}</Text>}
      </Card>

      <CreateUserModal opened={creating} onClose={() => setCreating(false)} roleOptions={roleOptions} onCreated={(u, pw) => { setCreating(false); setTemp({ name: u.fullName, password: pw }); void load(); }} />
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={t('admin.users.editRoles')}>
        {editing && <RolesForm user={editing} roleOptions={roleOptions} onSave={(roles) => act(async () => { await adminApi.updateUser(editing.id, { roles }); setEditing(null); }, t('admin.users.saved'))} />}
      </Modal>
      <Modal opened={!!pending} onClose={() => setPending(null)} title={pending?.kind === 'reset' ? t('admin.users.reset') : t('admin.users.deactivate')}>
        {pending && (
          <Stack>
            <Text>{t(pending.kind === 'reset' ? 'admin.users.confirmReset' : 'admin.users.confirmDeactivate', { name: pending.user.fullName })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)}>{t('admin.users.cancel')}</Button>
              <Button color={pending.kind === 'deactivate' ? 'red' : undefined} data-testid="admin-confirm" onClick={() => {
                const p = pending;
                setPending(null);
                void act(async () => {
                  if (p.kind === 'reset') setTemp({ name: p.user.fullName, password: (await adminApi.resetPassword(p.user.id)).temporaryPassword });
                  else await adminApi.updateUser(p.user.id, { active: false });
                });
              }}>{t('admin.users.confirm')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={!!temp} onClose={() => setTemp(null)} title={t('admin.users.tempTitle')}>
        {temp && (
          <Stack>
            <Text size="sm">{t('admin.users.tempBody', { name: temp.name })}</Text>
            <Group><Code fz="lg" data-testid="admin-temp-password">{temp.password}</Code>
              <CopyButton value={temp.password}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{t(copied ? 'admin.users.copied' : 'admin.users.copy')}</Button>}</CopyButton>
            </Group>
            <Button onClick={() => setTemp(null)} data-testid="admin-temp-close">{t('admin.users.close')}</Button>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function RolesForm({ user, roleOptions, onSave }: { user: Staff; roleOptions: { value: string; label: string }[]; onSave: (r: Role[]) => void }) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<string[]>(user.roles);
  return (
    <Stack>
      <Text fw={600}>{user.fullName}</Text>
      <MultiSelect label={t('admin.users.roles')} data={roleOptions} value={roles} onChange={setRoles} data-testid="admin-roles-select" comboboxProps={{ withinPortal: false }} />
      <Button disabled={roles.length === 0} onClick={() => onSave(roles as Role[])} data-testid="admin-roles-save">{t('admin.users.save')}</Button>
    </Stack>
  );
}

function CreateUserModal({ opened, onClose, onCreated, roleOptions }: { opened: boolean; onClose: () => void; onCreated: (u: Staff, pw: string) => void; roleOptions: { value: string; label: string }[] }) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const facilities = user?.facilities ?? [];
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [facilityIds, setFacilityIds] = useState<string[]>(facilities.length === 1 ? [facilities[0]!.id] : []);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const r = await adminApi.createUser({ username, fullName, roles: roles as Role[], facilityIds });
      setUsername(''); setFullName(''); setRoles([]); setError(null);
      notifications.show({ color: 'teal', message: t('admin.users.created') });
      onCreated(r.user, r.temporaryPassword);
    } catch (e) {
      setError(e instanceof ApiError ? { field: e.field, text: e.text(lang) } : { text: t('error.generic') });
    } finally {
      setBusy(false);
    }
  };
  const err = (f: string) => (error?.field === f ? error.text : undefined);
  return (
    <Modal opened={opened} onClose={onClose} title={t('admin.users.new')}>
      <Stack data-testid="admin-user-form">
        <TextInput label={t('admin.users.fullName')} withAsterisk value={fullName} onChange={(e) => setFullName(e.currentTarget.value)} error={err('fullName')} data-testid="admin-new-fullName" />
        <TextInput label={t('admin.users.username')} withAsterisk description={t('admin.users.usernameHint')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={err('username')} data-testid="admin-new-username" />
        <MultiSelect label={t('admin.users.roles')} withAsterisk data={roleOptions} value={roles} onChange={setRoles} error={err('roles')} data-testid="admin-new-roles" comboboxProps={{ withinPortal: false }} />
        <MultiSelect label={t('admin.users.facilities')} withAsterisk data={facilities.map((f) => ({ value: f.id, label: f.name }))} value={facilityIds} onChange={setFacilityIds} error={err('facilityIds')} comboboxProps={{ withinPortal: false }} />
        {error && !error.field && <Alert color="red">{error.text}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('admin.users.cancel')}</Button>
          <Button loading={busy} onClick={submit} data-testid="admin-new-save">{t('admin.users.new')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
