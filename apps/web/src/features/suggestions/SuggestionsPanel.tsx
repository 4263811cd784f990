import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { SuggestionCard } from './SuggestionCard.tsx';
import type { Suggestion } from './types.ts';

const RANK = { emergency: 0, urgent: 1, warning: 2, info: 3 } as const;

/** Open suggestions for the patient, most severe first ("Gợi ý — bạn quyết định"). */
export function SuggestionsPanel({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const [items, setItems] = useState<Suggestion[] | null>(null);
  const [tick, setTick] = useState(0);
  const load = useCallback(async () => {
    try {
      const list = await get<Suggestion[]>(`/api/patients/${patientId}/suggestions`, { status: 'proposed' });
      setItems(list.sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.createdAt.localeCompare(a.createdAt)));
    } catch {
      setItems([]);
    }
  }, [patientId]);
  useEffect(() => {
    void load();
  }, [load, refreshKey, tick]);
  const canDecide = hasRole('station_staff', 'nurse', 'doctor', 'radiologist');
  return (
    <Card withBorder padding="md" data-testid="suggestions-panel">
      <Group gap="xs" mb={4}>
        <IconBulb size={20} />
        <Title order={4}>{t('sugg.title')}</Title>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">{t('sugg.subtitle')}</Text>
      {items && items.length === 0 && <Text c="dimmed" size="sm">{t('sugg.none')}</Text>}
      <Stack gap="xs">
        {items?.slice(0, 20).map((s) => <SuggestionCard key={s.id} s={s} canDecide={canDecide} onDecided={() => setTick((x) => x + 1)} />)}
      </Stack>
    </Card>
  );
}
