/** Certificates: a learner's own; a facility admin's facility list with revoke and key rotation. */
import { Anchor, Badge, Button, Card, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import type { BadgeSummary } from './api.ts';

export function BadgesPage() {
  const { t, lang } = useI18n();
  const { user, hasRole } = useAuth();
  const admin = hasRole('facility_admin');
  const [badges, setBadges] = useState<BadgeSummary[] | null>(null);
  const [revoking, setRevoking] = useState<BadgeSummary | null>(null);
  const [reason, setReason] = useState('');
  const load = useCallback(() => get<BadgeSummary[]>('/api/badges').then(setBadges, () => setBadges([])), []);
  useEffect(() => void load(), [load]);
  const fail = (e: unknown) => notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });

  const revoke = async () => {
    if (!revoking) return;
    try {
      await post(`/api/badges/${revoking.id}/revoke`, { reason });
      setRevoking(null);
      setReason('');
      await load();
    } catch (e) {
      fail(e);
    }
  };
  const rotate = async (facilityId: string) => {
    try {
      await post('/api/badges/keys/rotate', { facilityId });
      notifications.show({ color: 'teal', message: t('badges.rotateDone') });
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t('badges.title')}</Title>
          <Text c="dimmed" size="sm">{t('badges.subtitle')}</Text>
        </div>
        {admin && (
          <Group>
            {user?.facilities.map((f) => <Button key={f.id} variant="default" size="xs" onClick={() => void rotate(f.id)}>{t('badges.rotate')}: {f.name}</Button>)}
          </Group>
        )}
      </Group>
      {badges && badges.length === 0 && <Card withBorder><Text c="dimmed">{t('badges.none')}</Text></Card>}
      {badges && badges.length > 0 && (
        <Table striped data-testid="badges-table">
          <Table.Thead>
            <Table.Tr><Table.Th>{t('badges.learner')}</Table.Th><Table.Th>{t('badges.achievement')}</Table.Th><Table.Th>{t('badges.issuedAt')}</Table.Th><Table.Th>{t('badges.status')}</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {badges.map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>{b.learnerName}</Table.Td>
                <Table.Td>{b.achievementName}</Table.Td>
                <Table.Td>{formatDateTime(b.issuedAt)}</Table.Td>
                <Table.Td>{b.revokedAt ? <Badge color="red" title={b.revokeReason ?? ''}>{t('badges.revoked')}</Badge> : <Badge color="teal">{t('badges.active')}</Badge>}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Anchor href={`/api/badges/${b.id}`} download>{t('badges.json')}</Anchor>
                    <Anchor href={`/api/badges/${b.id}/pdf`}>{t('badges.pdf')}</Anchor>
                    <Anchor href={`/verify/${b.id}`} target="_blank">{t('badges.verifyLink')}</Anchor>
                    {admin && !b.revokedAt && <Button size="compact-xs" color="red" variant="light" onClick={() => setRevoking(b)}>{t('badges.revoke')}</Button>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title={t('badges.revoke')}>
        <Stack>
          <Text size="sm">{t('badges.revokeConfirm')}</Text>
          <Textarea label={t('badges.revokeReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>{t('badges.cancel')}</Button>
            <Button color="red" disabled={!reason.trim()} onClick={() => void revoke()}>{t('badges.confirm')}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
