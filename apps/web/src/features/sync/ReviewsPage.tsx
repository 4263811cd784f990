/** Sync conflicts for a person to decide: the value the merge kept and the one it set aside. */
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { hlcTime } from './syncLabel.ts';

interface Review { id: number; table: string; rowId: string; field: string; kept: unknown; keptHlc: string; other: unknown; otherHlc: string; patientId: string; patientName: string }

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function ReviewsPage() {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Review[] | null>(null);
  const load = () => get<Review[]>('/api/sync/reviews').then(setItems, () => setItems([]));
  useEffect(() => { void load(); }, []);
  const decide = async (r: Review, choose: 'kept' | 'other') => {
    try {
      await post(`/api/sync/reviews/${r.id}/resolve`, { choose });
      notifications.show({ color: 'teal', message: t('sync.review.done') });
      await load();
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });
    }
  };
  const when = (h: string) => { const iso = hlcTime(h); return iso ? formatDateTime(iso, lang) : h; };
  return (
    <Stack gap="sm" data-testid="sync-reviews">
      <Title order={2}>{t('sync.review.title')}</Title>
      <Text size="sm" c="dimmed">{t('sync.review.intro')}</Text>
      {items === null ? <Text>{t('sync.review.loading')}</Text> : items.length === 0 ? <Text c="dimmed" data-testid="sync-reviews-empty">{t('sync.review.none')}</Text> : items.map((r) => (
        <Card withBorder key={r.id} data-testid={`review-${r.id}`}>
          <Group justify="space-between" wrap="wrap">
            <Text fw={600}><Link to={`/patients/${r.patientId}`}>{r.patientName}</Link></Text>
            <Badge variant="light">{t(`sync.review.field.${r.field}`) === `sync.review.field.${r.field}` ? r.field : t(`sync.review.field.${r.field}`)}</Badge>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            <Card withBorder bg="teal.0">
              <Text size="xs" c="dimmed">{t('sync.review.kept')} · {when(r.keptHlc)}</Text>
              <Text fw={700} data-testid="kept">{show(r.kept)}</Text>
              <Button mt="xs" size="xs" variant="light" onClick={() => void decide(r, 'kept')} data-testid="choose-kept">{t('sync.review.keepThis')}</Button>
            </Card>
            <Card withBorder bg="orange.0">
              <Text size="xs" c="dimmed">{t('sync.review.other')} · {when(r.otherHlc)}</Text>
              <Text fw={700} data-testid="other">{show(r.other)}</Text>
              <Button mt="xs" size="xs" variant="light" color="orange" onClick={() => void decide(r, 'other')} data-testid="choose-other">{t('sync.review.useThis')}</Button>
            </Card>
          </SimpleGrid>
        </Card>
      ))}
    </Stack>
  );
}
