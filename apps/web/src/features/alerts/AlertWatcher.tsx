import { Anchor, Badge, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { onNewAlert, playAlertSound, soundEnabled, unacknowledged, useAlertStore } from './liveStore.ts';

/** Roles that receive bedside alerts (the server's stream refuses others). */
export const ALERT_ROLES = ['nurse', 'doctor', 'station_staff'] as const;

function Watcher() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  useAlertStore(); // keeps the shared stream open on every page
  useEffect(
    () =>
      onNewAlert((a) => {
        // Emergency alerts interrupt wherever the nurse is, and stay until closed; urgent ones toast on the alerts page.
        if (a.level !== 'emergency' && pathname !== '/alerts') return;
        notifications.show({
          id: `alert-${a.id}`,
          color: a.level === 'emergency' ? 'red' : 'orange',
          icon: <IconAlertTriangle size={18} />,
          autoClose: a.level === 'emergency' ? false : 8000,
          title: t(`alerts.level.${a.level}`),
          message: (
            <span data-testid="alert-toast">
              <Text size="sm" component="span">{t('alerts.new', { name: a.patientName ?? '', score: a.score })}</Text>{' '}
              <Anchor component={Link} to={`/patients/${a.patientId}`} size="sm" onClick={() => notifications.hide(`alert-${a.id}`)}>{t('alerts.openPatient')}</Anchor>
            </span>
          ),
        });
        if (a.level === 'emergency' && soundEnabled()) playAlertSound();
      }),
    [t, pathname],
  );
  return null;
}

/** Mounted above every page (a banner slot) for the roles that receive alerts. */
export function AlertWatcher() {
  const { hasRole } = useAuth();
  return hasRole(...ALERT_ROLES) ? <Watcher /> : null;
}

/** The navigation badge: alerts no one has acknowledged yet, said in words for screen readers. */
export function UnackBadge() {
  const { t } = useI18n();
  const { alerts } = useAlertStore();
  const n = unacknowledged(alerts).length;
  if (n === 0) return null;
  const emergency = unacknowledged(alerts).some((a) => a.level === 'emergency');
  return (
    <Badge color={emergency ? 'red' : 'orange'} variant="filled" size="sm" circle={n < 10} data-testid="alerts-unack-badge" aria-label={t('alerts.unackCount', { n })} title={t('alerts.unackCount', { n })}>
      {n}
    </Badge>
  );
}
