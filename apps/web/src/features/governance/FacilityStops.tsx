/**
 * Facility-scoped suspensions (issue 11): a serious incident reported at a station stops the tool
 * there only, and the governance officer is told at once. Here the officer sees the open
 * notifications, each facility's own stage of a tool, and lifts a facility's stop.
 */
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type GovernanceNotification, governanceApi, type Stage, type ToolDetail } from './api.ts';

/** A facility's name from the user's own facilities (the governance officer has them all), else its id. */
export function useFacilityName() {
  const { user } = useAuth();
  return useCallback((id: string | null) => (id ? user?.facilities.find((f) => f.id === id)?.name ?? id : null), [user]);
}

/** Open notifications for the governance officer (and facility admins, who read governance data). */
export function GovernanceNotifications() {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const [list, setList] = useState<GovernanceNotification[]>([]);
  const [error, setError] = useState<string | null>(null);
  const canRead = hasRole('governance_officer', 'facility_admin');
  const officer = hasRole('governance_officer');
  const load = useCallback(() => {
    if (canRead) governanceApi.notifications(true).then(setList).catch(() => undefined);
  }, [canRead]);
  useEffect(load, [load]);
  if (!canRead || !list.length) return null;
  const ack = async (id: string) => {
    try { await governanceApi.acknowledgeNotification(id); setError(null); load(); } catch (e) { setError(e instanceof ApiError ? e.text(lang) : t('error.generic')); }
  };
  return (
    <Card withBorder data-testid="gov-notifications">
      <Title order={4} mb="xs">{t('gov.notifications')}</Title>
      {error && <Alert color="red" mb="xs">{error}</Alert>}
      <Stack gap="xs">
        {list.map((n) => (
          <Alert key={n.id} color="orange" variant="light" data-testid={`gov-notification-${n.toolId}`}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Text size="sm">{lang === 'vi' ? n.messageVi : n.message}</Text>
                <Text size="xs" c="dimmed">{formatDateTime(n.createdAt)} · <Link to={`/governance/tools/${n.toolId}`}>{n.toolName}</Link></Text>
              </div>
              {officer && <Button size="xs" variant="light" onClick={() => ack(n.id)}>{t('gov.acknowledge')}</Button>}
            </Group>
          </Alert>
        ))}
      </Stack>
    </Card>
  );
}

/** The stage of a tool per facility; the officer lifts a facility's stop back to the stage it had there. */
export function FacilityStagesCard({ tool, officer, onChanged }: { tool: ToolDetail; officer: boolean; onChanged: () => Promise<unknown> }) {
  const { t, lang } = useI18n();
  const facilityName = useFacilityName();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!tool.facilityStages.length) return null;
  /** The stage before the facility's latest suspension (the only one it may return to, besides retired). */
  const previous = (facilityId: string): Stage | null =>
    ([...tool.stageHistory].reverse().find((h) => h.facilityId === facilityId && h.toStage === 'suspended')?.fromStage as Stage | null) ?? null;
  const lift = async (facilityId: string) => {
    const stage = previous(facilityId);
    if (!stage) return;
    try { await governanceApi.changeStage(tool.id, { stage, facilityId, reason }); setReason(''); setError(null); await onChanged(); } catch (e) { setError(e instanceof ApiError ? e.text(lang) : t('error.generic')); }
  };
  return (
    <Card withBorder data-testid="facility-stages">
      <Title order={4}>{t('gov.facilityStages')}</Title>
      <Text size="xs" c="dimmed" mb="xs">{t('gov.facilityStagesNote')}</Text>
      {error && <Alert color="red" mb="xs">{error}</Alert>}
      <Table>
        <Table.Thead><Table.Tr><Table.Th>{t('gov.facility')}</Table.Th><Table.Th>{t('gov.stage')}</Table.Th><Table.Th>{t('gov.reason')}</Table.Th><Table.Th>{t('gov.since')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {tool.facilityStages.map((f) => (
            <Table.Tr key={f.facilityId} data-testid={`facility-stage-${f.facilityId}`}>
              <Table.Td>{facilityName(f.facilityId)}</Table.Td>
              <Table.Td><Badge color={f.stage === 'suspended' ? 'red' : 'gray'} variant={f.stage === 'suspended' ? 'filled' : 'light'}>{t(`gov.stage.${f.stage}`)}</Badge></Table.Td>
              <Table.Td><Text size="sm">{f.reason}</Text></Table.Td>
              <Table.Td>{formatDateTime(f.changedAt)}</Table.Td>
              <Table.Td>
                {officer && f.stage === 'suspended' && previous(f.facilityId) && (
                  <Button size="xs" variant="light" disabled={!reason.trim()} onClick={() => lift(f.facilityId)} data-testid={`lift-${f.facilityId}`}>
                    {t('gov.lift')} → {t(`gov.stage.${previous(f.facilityId)}`)}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {officer && tool.facilityStages.some((f) => f.stage === 'suspended') && (
        <TextInput mt="xs" label={t('gov.liftReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maw={420} />
      )}
    </Card>
  );
}
