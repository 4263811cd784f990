import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconClipboardHeart } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import type { Screening } from './types.ts';

/** Patient page side panel: open a screening, and the latest results. */
export function ScreeningPanel({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const [items, setItems] = useState<Screening[]>([]);
  useEffect(() => {
    get<Screening[]>(`/api/patients/${patientId}/screenings`).then(setItems).catch(() => setItems([]));
  }, [patientId, refreshKey]);
  return (
    <Card withBorder padding="md" data-testid="screening-panel">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('scr.recent')}</Title>
        {hasRole('station_staff', 'nurse', 'doctor') && (
          <Button size="xs" component={Link} to={`/patients/${patientId}/screening`} leftSection={<IconClipboardHeart size={16} />} data-testid="open-screening">
            {t('scr.open')}
          </Button>
        )}
      </Group>
      {items.length === 0 ? <Text c="dimmed" size="sm">{t('scr.none')}</Text> : (
        <Stack gap="xs">
          {items.slice(0, 5).map((s) => (
            <div key={s.id}>
              <Text size="xs" c="dimmed">{t(`scr.kind.${s.kind}`)} · {formatDateTime(s.performedAt, lang)}</Text>
              <Text size="sm" lineClamp={2}>{lang === 'vi' ? s.summaryVi : s.summary}</Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}
