import { Group, Text, Tooltip } from '@mantine/core';
import { IconCloudCheck, IconCloudOff } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { syncLabel, type SyncStatus } from './syncLabel.ts';

/** Header line on a station: when it last synced with the province and how many changes wait. */
export function SyncIndicator() {
  const { t, lang } = useI18n();
  const [s, setS] = useState<SyncStatus | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let alive = true;
    const load = () => api<SyncStatus>('GET', '/api/sync/status').then((r) => alive && setS(r), () => undefined);
    void load();
    const id = setInterval(() => { void load(); setNow(Date.now()); }, 30_000);
    return () => { alive = false; clearInterval(id); };
  }, []);
  if (!s || s.role !== 'station') return null;
  const tt = t as unknown as (k: string, p?: Record<string, string | number>) => string;
  const Icon = s.lastError ? IconCloudOff : IconCloudCheck;
  const line = (
    <Group gap={6} wrap="nowrap" data-testid="header-sync" visibleFrom="md">
      <Icon size={18} color={s.lastError ? 'var(--mantine-color-orange-7)' : 'var(--mantine-color-teal-7)'} />
      <Text size="xs" c="dimmed">{syncLabel(tt, s, now, lang)}</Text>
    </Group>
  );
  return s.lastError ? <Tooltip label={tt('sync.error', { e: s.lastError })}>{line}</Tooltip> : line;
}
