import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { AiStudyGroup, type ToolInfo } from './AiStudyGroup.tsx';
import { SuggestionCard } from './SuggestionCard.tsx';
import type { Suggestion } from './types.ts';

const RANK = { emergency: 0, urgent: 1, warning: 2, info: 3 } as const;

interface ToolView { id: string; name: string; kind: string; stage: string; facilityStages: { facilityId: string; stage: string }[] }

/** AI outputs grouped per tool and study (a study's findings are one suggestion), newest first. */
export function aiGroups(items: Suggestion[]): Suggestion[][] {
  const groups = new Map<string, Suggestion[]>();
  for (const s of items) {
    if (s.kind === 'rule') continue;
    const key = `${s.toolId}|${s.toolVersion}|${s.subjectRef ?? s.id}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].sort((a, b) => b[0]!.createdAt.localeCompare(a[0]!.createdAt));
}

/** Open rule suggestions for the patient, most severe first, and each study's AI output as one group ("Gợi ý — bạn quyết định"). */
export function SuggestionsPanel({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const [items, setItems] = useState<Suggestion[] | null>(null);
  const [tools, setTools] = useState<ToolView[]>([]);
  const [tick, setTick] = useState(0);
  const load = useCallback(async () => {
    try {
      const list = await get<Suggestion[]>(`/api/patients/${patientId}/suggestions`);
      setItems(list.sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.createdAt.localeCompare(a.createdAt)));
    } catch {
      setItems([]);
    }
  }, [patientId]);
  useEffect(() => {
    void load();
  }, [load, refreshKey, tick]);
  useEffect(() => {
    get<ToolView[]>('/api/governance/tools').then(setTools).catch(() => setTools([]));
  }, []);
  const canDecide = hasRole('station_staff', 'nurse', 'doctor', 'radiologist');
  const rules = (items ?? []).filter((s) => s.kind === 'rule' && s.status === 'proposed');
  const groups = aiGroups(items ?? []);
  // Open groups first; decided ones stay on the chart (the last 5) so the decision taken is visible.
  const open = groups.filter((g) => g.some((s) => s.status === 'proposed'));
  const decided = groups.filter((g) => g.every((s) => s.status !== 'proposed')).slice(0, 5);
  const toolOf = (s: Suggestion): ToolInfo | undefined => {
    const tv = tools.find((x) => x.id === s.toolId);
    if (!tv) return undefined;
    const local = tv.facilityStages.find((f) => f.facilityId === (s as Suggestion & { facilityId?: string }).facilityId);
    return { id: tv.id, name: tv.name, kind: tv.kind, stage: local?.stage ?? tv.stage };
  };
  return (
    <Card withBorder padding="md" data-testid="suggestions-panel">
      <Group gap="xs" mb={4}>
        <IconBulb size={20} />
        <Title order={4}>{t('sugg.title')}</Title>
      </Group>
      <Text size="xs" c="dark.4" mb="sm">{t('sugg.subtitle')}</Text>
      {items && rules.length === 0 && open.length === 0 && <Text c="dark.4" size="sm">{t('sugg.none')}</Text>}
      <Stack gap="xs">
        {rules.slice(0, 20).map((s) => <SuggestionCard key={s.id} s={s} canDecide={canDecide} onDecided={() => setTick((x) => x + 1)} />)}
        {[...open, ...decided].map((g) => (
          <AiStudyGroup key={g[0]!.id} items={g} tool={toolOf(g[0]!)} canDecide={canDecide} onDecided={() => setTick((x) => x + 1)} />
        ))}
      </Stack>
    </Card>
  );
}
