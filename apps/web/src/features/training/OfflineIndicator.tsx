/** Header status: "Offline — N queued" while the link is down, "Sending N queued…" while the queue drains. */
import { Badge } from '@mantine/core';
import { IconCloudOff, IconCloudUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { onQueueChange, queued, setOfflineUser } from './offline.ts';

export function OfflineIndicator() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [online, setOnline] = useState(() => navigator.onLine);
  const [n, setN] = useState(0);
  useEffect(() => { setOfflineUser(user?.id ?? null); }, [user?.id]);
  useEffect(() => {
    const refresh = () => { setOnline(navigator.onLine); void queued().then((q) => setN(q.length)); };
    refresh();
    const off = onQueueChange(refresh);
    window.addEventListener('online', refresh);
    window.addEventListener('offline', refresh);
    return () => { off(); window.removeEventListener('online', refresh); window.removeEventListener('offline', refresh); };
  }, [user?.id]);
  if (online && n === 0) return null;
  return online
    ? <Badge color="blue" variant="light" leftSection={<IconCloudUpload size={14} />} data-testid="offline-indicator" data-queued={n}>{t('training.online', { n })}</Badge>
    : <Badge color="orange" variant="filled" leftSection={<IconCloudOff size={14} />} data-testid="offline-indicator" data-queued={n} role="status">{t('training.offline', { n })}</Badge>;
}
