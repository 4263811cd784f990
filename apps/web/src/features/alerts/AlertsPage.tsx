import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';

export interface Alert {
  id: string;
  patientId: string;
  patientName: string | null;
  bed: string | null;
  level: 'urgent' | 'emergency';
  score: number;
  subScores: Record<string, number>;
  reason: string;
  status: 'open' | 'acknowledged' | 'resolved';
  createdAt: string;
  updatedAt: string;
  escalatedAt: string | null;
}

/** Open alerts kept current by the server's SSE stream. */
export function useLiveAlerts() {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [live, setLive] = useState(false);
  const [latest, setLatest] = useState<Alert | null>(null);
  const load = useCallback(() => get<Alert[]>('/api/alerts', { status: 'open' }).then(setAlerts).catch(() => undefined), []);
  useEffect(() => {
    void load();
    const es = new EventSource('/api/alerts/stream');
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    const upsert = (e: MessageEvent) => {
      const a = JSON.parse(e.data) as Alert;
      setAlerts((xs) => [a, ...xs.filter((x) => x.id !== a.id)]);
      return a;
    };
    es.addEventListener('alert', (e) => setLatest(upsert(e as MessageEvent)));
    es.addEventListener('alert-ack', (e) => upsert(e as MessageEvent));
    es.addEventListener('alert-escalated', (e) => upsert(e as MessageEvent));
    es.addEventListener('alert-resolved', (e) => {
      const { id } = JSON.parse((e as MessageEvent).data) as { id: string };
      setAlerts((xs) => xs.filter((x) => x.id !== id));
    });
    return () => es.close();
  }, [load]);
  return { alerts, setAlerts, live, latest };
}

export function AlertsPage() {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const { alerts, setAlerts, live, latest } = useLiveAlerts();
  useEffect(() => {
    if (latest) notifications.show({ color: latest.level === 'emergency' ? 'red' : 'orange', icon: <IconAlertTriangle size={18} />, message: t('alerts.new', { name: latest.patientName ?? '', score: latest.score }) });
  }, [latest, t]);
  const ack = async (id: string) => {
    try {
      const a = await post<Alert>(`/api/alerts/${id}/ack`);
      setAlerts((xs) => xs.map((x) => (x.id === id ? a : x)));
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    }
  };
  const sorted = [...alerts].sort((a, b) => (a.level === b.level ? b.updatedAt.localeCompare(a.updatedAt) : a.level === 'emergency' ? -1 : 1));
  return (
    <>
      <Group justify="space-between">
        <div>
          <Title order={2}>{t('alerts.title')}</Title>
          <Text c="dimmed" size="sm">{t('alerts.subtitle')}</Text>
        </div>
        <Badge color={live ? 'teal' : 'gray'} variant="dot" data-testid="alerts-live">{live ? t('alerts.live') : t('alerts.offline')}</Badge>
      </Group>
      {sorted.length === 0 && <Card withBorder><Text c="dimmed">{t('alerts.none')}</Text></Card>}
      <Stack data-testid="alerts-list">
        {sorted.map((a) => (
          <Card key={a.id} withBorder padding="md" data-testid="alert-card" style={{ borderLeft: `6px solid var(--mantine-color-${a.level === 'emergency' ? 'red' : 'orange'}-6)` }}>
            <Group justify="space-between" align="flex-start">
              <div>
                <Group gap="xs">
                  <Badge color={a.level === 'emergency' ? 'red' : 'orange'} variant="filled">{t(`alerts.level.${a.level}`)}</Badge>
                  <Text fw={700} component={Link} to={`/patients/${a.patientId}`} data-testid="alert-patient">{a.patientName}</Text>
                  {a.bed && <Text size="sm" c="dimmed">{t('alerts.bed')} {a.bed}</Text>}
                </Group>
                <Text size="sm" mt={4}>{t('alerts.score')}: <b data-testid="alert-score">{a.score}</b> · {t(`alerts.reason.${a.reason}`)}</Text>
                <Text size="xs" c="dimmed">
                  {t('alerts.why')}: {Object.entries(a.subScores).filter(([, v]) => v > 0).map(([k, v]) => `${k} +${v}`).join(', ')} · {formatDateTime(a.updatedAt, lang)}
                </Text>
                {a.escalatedAt && <Badge mt={4} color="grape" variant="light">{t('alerts.escalated')}</Badge>}
              </div>
              {a.status === 'open' && hasRole('nurse', 'doctor') ? (
                <Button color="teal" leftSection={<IconCheck size={16} />} onClick={() => void ack(a.id)} data-testid="alert-ack">{t('alerts.ack')}</Button>
              ) : (
                <Badge color={a.status === 'open' ? 'red' : 'teal'} variant="light" data-testid="alert-status">{t(`alerts.status.${a.status}`)}</Badge>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
    </>
  );
}
