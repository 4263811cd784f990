/** Governance officer: which training each AI tool requires before a user sees its outputs. */
import { Alert, Button, Card, Group, Loader, MultiSelect, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { governanceApi, type Tool } from '../governance/api.ts';
import { type CatalogItem, trainingApi } from './api.ts';
import { formatDateTime } from '../../lib/format.ts';

function ToolRow({ tool, catalog, canEdit }: { tool: Tool; catalog: CatalogItem[]; canEdit: boolean }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<string[] | null>(null);
  const [setAt, setSetAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    trainingApi.requirement(tool.id).then((r) => { setItems(r.items.map((i) => i.id)); setSetAt(r.setAt); }).catch(() => setItems([]));
  }, [tool.id]);
  const save = async () => {
    setBusy(true);
    try {
      const r = await trainingApi.setRequirement(tool.id, items ?? []);
      setSetAt(r.setAt);
      setMsg({ ok: true, text: t('training.saved') });
    } catch (e) {
      setMsg({ ok: false, text: e instanceof ApiError ? e.text(lang) : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const data = catalog.map((c) => ({ value: c.id, label: `${c.kind === 'lesson' ? '📖' : c.kind === 'exercise' ? '🩺' : '✅'} ${c.title[lang]}` }));
  return (
    <Card withBorder p="sm" data-testid={`tool-training-${tool.id}`}>
      <Group justify="space-between" mb={4}><Text fw={600}>{tool.name}</Text><Text size="xs" c="dimmed">{tool.id} · {tool.currentVersion}</Text></Group>
      {items === null ? <Loader size="sm" /> : (
        <>
          <MultiSelect data={data} value={items} onChange={setItems} searchable disabled={!canEdit} placeholder={items.length ? undefined : t('training.noRequirement')} aria-label={t('training.requiredTraining')} />
          <Group justify="space-between" mt="xs">
            <Text size="xs" c="dimmed">{setAt ? t('training.setAt', { at: formatDateTime(setAt, lang) }) : t('training.noRequirement')}</Text>
            {canEdit && <Button size="xs" onClick={save} loading={busy}>{t('training.save')}</Button>}
          </Group>
          {msg && <Text size="xs" c={msg.ok ? 'green' : 'red'}>{msg.text}</Text>}
        </>
      )}
    </Card>
  );
}

export function ToolTrainingPage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const [tools, setTools] = useState<Tool[] | null>(null);
  const [catalog, setCatalog] = useState<CatalogItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([governanceApi.tools(), trainingApi.catalog()]).then(([ts, c]) => { setTools(ts); setCatalog(c); }).catch((e) => setError(String(e)));
  }, []);
  if (error) return <Alert color="red">{error}</Alert>;
  if (!tools) return <Loader />;
  return (
    <Stack gap="sm" maw={900}>
      <Title order={2}>{t('training.toolsTitle')}</Title>
      <Text size="sm" c="dimmed">{t('training.toolsIntro')}</Text>
      {tools.map((tool) => <ToolRow key={tool.id} tool={tool} catalog={catalog} canEdit={hasRole('governance_officer')} />)}
    </Stack>
  );
}
