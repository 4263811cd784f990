/**
 * A small notice in the corner of every page (the login page too): the server is starting or not
 * answering, the demo data is loading ("Đang tải dữ liệu mẫu: 3.200/22.433"), or the demo data is
 * absent because ../shared is missing, and why. Reads GET /api/system/status (no session needed);
 * polls every 2 s while something is in progress, and stops once the demo is loaded.
 */
import { CloseButton, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDatabaseImport, IconLoader2 } from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import './messages.ts';

interface SystemStatus {
  status: 'starting' | 'ready';
  demo: { phase: 'starting' | 'idle' | 'loading' | 'done' | 'absent' | 'failed' | 'off'; done: number; total: number; tasks: Array<{ id: string; phase: string; reason?: string }> };
  shared: { present: boolean; missing: Array<{ part: string; feeds: string }>; help: string };
}

type View = { kind: 'starting' | 'unreachable' } | { kind: 'status'; s: SystemStatus };

const DISMISSED = 'yte.demoNotice.dismissed';

/** Polls while the server starts or the demo loads; quiet otherwise. */
export function useSystemStatus(intervalMs = 2000): View | null {
  const [view, setView] = useState<View | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let next: View;
      try {
        const res = await fetch('/api/system/status', { cache: 'no-store', credentials: 'same-origin' });
        next = res.ok ? { kind: 'status', s: (await res.json()) as SystemStatus } : { kind: res.status === 503 ? 'starting' : 'unreachable' };
      } catch {
        next = { kind: 'unreachable' };
      }
      if (stopped) return;
      setView(next);
      const busy = next.kind !== 'status' || next.s.status === 'starting' || next.s.demo.phase === 'loading' || next.s.demo.phase === 'starting';
      if (busy) timer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [intervalMs]);
  return view;
}

export function SystemNotice() {
  const { t, lang } = useI18n();
  const view = useSystemStatus();
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(DISMISSED) === '1');
  if (!view) return null;
  const nf = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US');
  const dismiss = () => {
    sessionStorage.setItem(DISMISSED, '1');
    setDismissed(true);
  };

  let body: ReactNode = null;
  let closable = false;
  const s = view.kind === 'status' ? view.s : null;
  if (view.kind === 'starting' || (s && (s.status === 'starting' || s.demo.phase === 'starting'))) {
    body = (
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <IconLoader2 size={18} />
        <div><Text size="sm" fw={600}>{t('system.starting')}</Text><Text size="xs" c="dimmed">{t('system.startingHint')}</Text></div>
      </Group>
    );
  } else if (!s) {
    body = <Group gap="xs" wrap="nowrap"><IconAlertTriangle size={18} /><Text size="sm">{t('system.unreachable')}</Text></Group>;
  } else if (s.demo.phase === 'loading') {
    const { done, total } = s.demo;
    body = (
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap"><IconDatabaseImport size={18} /><Text size="sm" fw={600} data-testid="demo-progress">{t('system.demoLoading', { done: nf.format(done), total: nf.format(total) })}</Text></Group>
        <Progress value={total > 0 ? (100 * done) / total : 0} size="sm" aria-label={t('system.demoLoading', { done: nf.format(done), total: nf.format(total) })} />
        <Text size="xs" c="dimmed">{t('system.demoLoadingHint')}</Text>
      </Stack>
    );
  } else if (s.demo.phase === 'absent' && !dismissed) {
    closable = true;
    body = (
      <div>
        <Text size="sm" fw={600}>{t('system.demoAbsent')}</Text>
        <Text size="xs" c="dimmed">{t('system.demoAbsentHint')}</Text>
        <Text size="xs" c="dimmed" ff="monospace">{s.shared.missing.map((m) => `../shared/${m.part}`).join(', ')}</Text>
      </div>
    );
  } else if (s.demo.phase === 'failed' && !dismissed) {
    closable = true;
    body = (
      <div>
        <Text size="sm" fw={600}>{t('system.demoFailed')}</Text>
        {s.demo.tasks.filter((x) => x.phase === 'failed').map((x) => <Text key={x.id} size="xs" c="dimmed">{x.id}: {x.reason}</Text>)}
      </div>
    );
  }
  if (!body) return null;
  return (
    <Paper role="status" aria-live="polite" withBorder shadow="md" p="sm" radius="md" data-testid="system-notice"
      style={{ position: 'fixed', left: 16, bottom: 16, zIndex: 400, maxWidth: 380, background: 'var(--mantine-color-body)' }}>
      <Group align="flex-start" wrap="nowrap" gap="xs">
        <div style={{ flex: 1 }}>{body}</div>
        {closable && <CloseButton size="sm" onClick={dismiss} aria-label={t('system.dismiss')} />}
      </Group>
    </Paper>
  );
}
