/** The learner's home: role path with required/optional items, progress, module tests, own CXR reliance figures. */
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Progress, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBook, IconCheck, IconClipboardCheck, IconStethoscope } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type Overview, type PathItem, type Reliance, trainingApi } from './api.ts';
import { pct } from './format.ts';
import { cachePut, queued, withCache } from './offline.ts';

const ICON = { lesson: IconBook, exercise: IconStethoscope, 'post-test': IconClipboardCheck } as const;

export function itemHref(i: PathItem): string {
  if (i.kind === 'lesson') return `/training/lessons/${i.id}`;
  if (i.kind === 'exercise') return `/training/exercises/${i.id}`;
  return `/training/modules/${i.module}/post`;
}

export function RelianceCard({ r }: { r: Reliance }) {
  const { t, lang } = useI18n();
  return (
    <Card withBorder data-testid="reliance-card">
      <Title order={4} mb="xs">{t('training.myReliance')}</Title>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <div><Text size="xs" c="dimmed">{t('training.accuracy')}</Text><Text fw={700} size="xl" data-testid="reliance-accuracy">{pct(r.accuracy, lang)}</Text></div>
        <div>
          <Text size="xs" c="dimmed">{t('training.over')}</Text>
          <Text fw={700} size="xl" c={(r.overReliance ?? 0) > 0.34 ? 'red' : undefined} data-testid="reliance-over">{pct(r.overReliance, lang)}</Text>
          <Text size="xs">{t('training.overHint', { n: r.followedWrongAi, d: r.aiWrong })}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">{t('training.under')}</Text>
          <Text fw={700} size="xl" data-testid="reliance-under">{pct(r.underReliance, lang)}</Text>
          <Text size="xs">{t('training.underHint', { n: r.rejectedRightAi, d: r.aiRight })}</Text>
        </div>
      </SimpleGrid>
    </Card>
  );
}

/** Enrols the learner in the training sandbox (synthetic patients) for practice on the real screens. */
function SandboxCard() {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const open = async () => {
    setBusy(true);
    try {
      const r = await trainingApi.sandbox();
      setMsg(t('training.sandboxReady', { n: r.patients }));
      // The facility list comes with the session: reload so the sandbox appears in the facility picker.
      setTimeout(() => window.location.assign('/patients'), 1500);
    } catch (e) {
      setMsg(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder p="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div style={{ flex: '1 1 280px' }}>
          <Text fw={600}>{t('training.sandbox')}</Text>
          <Text size="sm" c="dimmed">{t('training.sandboxHint')}</Text>
        </div>
        <Button variant="light" onClick={open} loading={busy} data-testid="open-sandbox">{t('training.sandboxOpen')}</Button>
      </Group>
      {msg && <Text size="sm" mt="xs">{msg}</Text>}
    </Card>
  );
}

export function TrainingHome() {
  const { t, lang } = useI18n();
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [savedOffline, setSavedOffline] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    withCache('me', () => trainingApi.me(ctrl.signal)).then(async ({ value, cached }) => {
      // Lessons finished offline and not yet sent count as done here.
      const pending = new Set((await queued()).flatMap((q) => (q.kind === 'lesson' ? [q.lessonId] : [])));
      if (ctrl.signal.aborted) return;
      setData(pending.size ? { ...value, items: value.items.map((i) => (pending.has(i.id) ? { ...i, done: true } : i)) } : value);
      if (cached) return;
      // Online: keep a copy of every lesson of the path for a dropped connection.
      const lessons = value.items.filter((i) => i.kind === 'lesson');
      const got = await Promise.allSettled(lessons.map((i) => trainingApi.lesson(i.id, ctrl.signal).then((l) => cachePut(`lesson:${i.id}`, l))));
      if (!ctrl.signal.aborted && got.every((g) => g.status === 'fulfilled')) setSavedOffline(true);
    }).catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : String(e)); });
    return () => ctrl.abort();
  }, [lang]);
  if (error) return <Alert color="red">{error}</Alert>;
  if (!data) return <Loader />;
  const modTitle = (id: string) => data.modules.find((m) => m.id === id)?.title[lang] ?? id;
  const groups = [...new Set(data.items.map((i) => i.module ?? 'exercises'))];
  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={2}>{t('training.home')}</Title>
        <Text c="dimmed" size="sm">{data.curriculum.title[lang]}</Text>
        {savedOffline && <Text size="xs" c="dimmed" data-testid="offline-ready">✓ {t('training.offlineReady')}</Text>}
      </div>
      {data.roles.length === 0 ? <Alert>{t('training.noRole')}</Alert> : (
        <Card withBorder>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap={6}><Text size="sm" c="dimmed">{t('training.roles')}:</Text>{data.roles.map((r) => <Badge key={r.id} variant="light">{r.title[lang]}</Badge>)}</Group>
            <Text size="sm" data-testid="progress-text">{t('training.progressOf', { done: data.progress.requiredDone, total: data.progress.requiredTotal })}</Text>
          </Group>
          <Progress value={data.progress.percent} mt="sm" size="lg" aria-label={t('training.progress')} color={data.progress.complete ? 'green' : 'blue'} />
          {data.progress.complete && <Alert color="green" mt="sm" icon={<IconCheck />}>{t('training.complete')}</Alert>}
        </Card>
      )}
      {data.reliance && <RelianceCard r={data.reliance} />}
      <SandboxCard />
      {groups.map((g) => (
        <Card withBorder key={g} p="sm">
          <Title order={4} mb="xs">{g === 'exercises' ? t('training.exercise') : modTitle(g)}</Title>
          <Stack gap={6}>
            {data.items.filter((i) => (i.module ?? 'exercises') === g).map((i) => {
              const Icon = ICON[i.kind];
              return (
                <Group key={i.id} justify="space-between" wrap="nowrap" gap="xs" data-testid={`path-item-${i.id}`}>
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <ThemeIcon variant="light" color={i.done ? 'green' : 'gray'} size="md">{i.done ? <IconCheck size={16} /> : <Icon size={16} />}</ThemeIcon>
                    <Anchor component={Link} to={itemHref(i)} size="sm" style={{ overflowWrap: 'anywhere' }}>{i.title[lang]}</Anchor>
                  </Group>
                  <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                    {i.minutes && <Text size="xs" c="dimmed" visibleFrom="xs">{t('training.minutes', { n: i.minutes })}</Text>}
                    <Badge size="sm" variant={i.required ? 'filled' : 'outline'} color={i.required ? 'blue' : 'gray'} style={{ overflow: 'visible' }}>{t(i.required ? 'training.required' : 'training.optional')}</Badge>
                  </Group>
                </Group>
              );
            })}
          </Stack>
        </Card>
      ))}
      <Card withBorder p="sm">
        <Title order={4} mb="xs">{t('training.modules')}</Title>
        <Table.ScrollContainer minWidth={360}>
          <Table>
            <Table.Tbody>
              {data.modules.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td><Text size="sm" fw={500}>{m.order}. {m.title[lang]}</Text><Text size="xs" c="dimmed">{t('training.passMark', { mark: pct(m.passMark, lang) })}</Text></Table.Td>
                  <Table.Td>
                    {m.preTest?.submitted
                      ? <Text size="xs">{t('training.preScore', { score: pct(m.preTest.score, lang) })}</Text>
                      : <Button size="compact-xs" variant="light" component={Link} to={`/training/modules/${m.id}/pre`}>{t('training.startPre')}</Button>}
                  </Table.Td>
                  <Table.Td>
                    {m.postTest.passed
                      ? <Badge color="green">{t('training.passed')} · {pct(m.postTest.bestScore, lang)}</Badge>
                      : <Group gap={4}>
                          {m.postTest.bestScore !== null && <Text size="xs">{t('training.bestScore', { score: pct(m.postTest.bestScore, lang) })}</Text>}
                          <Button size="compact-xs" component={Link} to={`/training/modules/${m.id}/post`} disabled={!m.preTest?.submitted}>{t('training.startPost')}</Button>
                        </Group>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}
