/** One lesson: objectives, body, figures; mark as done; previous/next. Readable on a 390 px phone. */
import { Alert, Anchor, Badge, Button, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { type LessonView, trainingApi } from './api.ts';
import { Markdown } from './Markdown.tsx';
import { cachePut, completeLesson, withCache } from './offline.ts';

export function LessonPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [lesson, setLesson] = useState<LessonView | null>(null);
  const [cached, setCached] = useState(false);
  const [queuedId, setQueuedId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    setLesson(null);
    setQueuedId(null);
    // Network first; with no connection, the copy saved when the path was last opened online.
    withCache(`lesson:${id}`, () => trainingApi.lesson(id, ctrl.signal))
      .then((r) => { if (!ctrl.signal.aborted) { setLesson(r.value); setCached(r.cached); } })
      .catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : String(e)); });
    return () => ctrl.abort();
  }, [id, lang]);
  if (error) return <Alert color="red">{error}</Alert>;
  if (!lesson) return <Loader />;
  const text = lesson[lang];
  const markDone = async () => {
    setBusy(true);
    try {
      // Queued with its own statement id, then sent: offline it stays queued and goes when the link returns.
      const r = await completeLesson(user!.id, id, lang);
      if (!r.sent) setQueuedId(r.statementId);
      setLesson({ ...lesson, done: true });
      void cachePut(`lesson:${id}`, { ...lesson, done: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm" maw={760} component="article">
      <Anchor component={Link} to="/training" size="sm">← {t('training.back')}</Anchor>
      <Group gap="xs" justify="space-between">
        <Text size="sm" c="dimmed">{lesson.module.title[lang]} · {t('training.minutes', { n: lesson.minutes })}</Text>
        {cached && <Badge color="gray" variant="outline" data-testid="lesson-cached">{t('training.savedOffline')}</Badge>}
      </Group>
      <Title order={2} style={{ overflowWrap: 'anywhere' }}>{text.title}</Title>
      <Card withBorder p="sm" bg="var(--mantine-color-blue-light)">
        <Text fw={600} size="sm" mb={4}>{t('training.objectives')}</Text>
        <List size="sm" spacing={2}>{text.objectives.map((o, i) => <List.Item key={i}>{o}</List.Item>)}</List>
      </Card>
      <div data-testid="lesson-body"><Markdown source={text.body} /></div>
      <Group justify="space-between" wrap="wrap" gap="xs">
        {lesson.previous ? <Button variant="subtle" component={Link} to={`/training/lessons/${lesson.previous}`}>← {t('training.previous')}</Button> : <span />}
        {lesson.done
          ? <Badge color="green" size="lg" leftSection={<IconCheck size={14} />} data-testid="lesson-done" data-statement-id={queuedId ?? undefined}>{t('training.lessonDone')}</Badge>
          : <Button onClick={markDone} loading={busy} data-testid="mark-done">{t('training.markDone')}</Button>}
        {lesson.next ? <Button variant="subtle" component={Link} to={`/training/lessons/${lesson.next}`}>{t('training.next')} →</Button> : <span />}
      </Group>
      {queuedId && <Alert color="orange" data-testid="lesson-queued">{t('training.offlineSaved')}</Alert>}
    </Stack>
  );
}
