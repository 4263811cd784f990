import { Badge, Button, Card, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { type LiveAlert, replaceAlert, setSoundEnabled, soundEnabled, useAlertStore } from './liveStore.ts';

export type Alert = LiveAlert;

export function AlertsPage() {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const { alerts, live } = useAlertStore();
  const [sound, setSound] = useState(soundEnabled);
  const ack = async (id: string) => {
    try {
      replaceAlert(await post<Alert>(`/api/alerts/${id}/ack`));
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    }
  };
  // Unacknowledged first, emergency before urgent, newest first.
  const rank = (a: Alert) => (a.status === 'open' ? 0 : 2) + (a.level === 'emergency' ? 0 : 1);
  const sorted = [...alerts].sort((a, b) => rank(a) - rank(b) || b.updatedAt.localeCompare(a.updatedAt));
  return (
    <>
      <Group justify="space-between">
        <div>
          <Title order={2}>{t('alerts.title')}</Title>
          <Text c="dark.4" size="sm">{t('alerts.subtitle')}</Text>
        </div>
        <Group>
          <Switch
            label={t('alerts.sound')}
            checked={sound}
            onChange={(e) => {
              setSoundEnabled(e.currentTarget.checked);
              setSound(e.currentTarget.checked);
            }}
            data-testid="alerts-sound"
          />
          <Badge color={live ? 'teal' : 'gray'} variant="dot" data-testid="alerts-live">{live ? t('alerts.live') : t('alerts.offline')}</Badge>
        </Group>
      </Group>
      {sorted.length === 0 && <Card withBorder><Text c="dark.4">{t('alerts.none')}</Text></Card>}
      <Stack data-testid="alerts-list">
        {sorted.map((a) => {
          const acked = a.status !== 'open';
          const colour = acked ? 'gray' : a.level === 'emergency' ? 'red' : 'orange';
          return (
            <Card
              key={a.id}
              withBorder
              padding="md"
              data-testid="alert-card"
              data-status={a.status}
              bg={acked ? 'gray.0' : undefined}
              style={{ borderLeft: `6px ${acked ? 'dashed' : 'solid'} var(--mantine-color-${colour}-6)` }}
            >
              <Group justify="space-between" align="flex-start">
                <div>
                  <Group gap="xs">
                    <Badge color={acked ? 'gray.8' : a.level === 'emergency' ? 'red.9' : 'orange.6'} variant={acked ? 'outline' : 'filled'} autoContrast>{t(`alerts.level.${a.level}`)}</Badge>
                    <Text fw={700} component={Link} to={`/patients/${a.patientId}`} data-testid="alert-patient">{a.patientName}</Text>
                    {a.bed && <Text size="sm" c="dark.4">{t('alerts.bed')} {a.bed}</Text>}
                  </Group>
                  <Text size="sm" mt={4}>{t('alerts.score')}: <b data-testid="alert-score">{a.score}</b> · {t(`alerts.reason.${a.reason}`)}</Text>
                  <Text size="xs" c="dark.4" data-testid="alert-why">
                    {t('alerts.why')}: {Object.entries(a.subScores).filter(([, v]) => v > 0).map(([k, v]) => `${t(`alerts.sub.${k}`)} +${v}`).join(', ')} · {formatDateTime(a.updatedAt, lang)}
                  </Text>
                  {a.escalatedAt && <Badge mt={4} color="grape" variant="light">{t('alerts.escalated')}</Badge>}
                </div>
                {a.status === 'open' && hasRole('nurse', 'doctor') ? (
                  <Button color="teal" leftSection={<IconCheck size={16} />} onClick={() => void ack(a.id)} data-testid="alert-ack">{t('alerts.ack')}</Button>
                ) : (
                  <Badge color={a.status === 'open' ? 'red' : 'gray'} variant="light" leftSection={acked ? <IconCheck size={12} /> : undefined} data-testid="alert-status">
                    {t(`alerts.status.${a.status}`)}{acked && a.acknowledgedAt ? ` · ${formatDateTime(a.acknowledgedAt, lang)}` : ''}
                  </Badge>
                )}
              </Group>
            </Card>
          );
        })}
      </Stack>
    </>
  );
}
