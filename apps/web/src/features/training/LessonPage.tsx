/** One lesson: objectives, body, figures; mark as done; previous/next. Readable on a 390 px phone. */
import { Alert, Anchor, Badge, Button, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type LessonView, trainingApi } from './api.ts';
import { Markdown } from './Markdown.tsx';

export function LessonPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const [lesson, setLesson] = useState<LessonView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    setLesson(null);
    trainingApi.lesson(id, ctrl.signal).then(setLesson).catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : String(e)); });
    return () => ctrl.abort();
  }, [id, lang]);
  if (error) return <Alert color="red">{error}</Alert>;
  if (!lesson) return <Loader />;
  const text = lesson[lang];
  const markDone = async () => {
    setBusy(true);
    try {
      await trainingApi.completeLesson(id, lang);
      setLesson({ ...lesson, done: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm" maw={760} component="article">
      <Anchor component={Link} to="/training" size="sm">← {t('training.back')}</Anchor>
      <Text size="sm" c="dimmed">{lesson.module.title[lang]} · {t('training.minutes', { n: lesson.minutes })}</Text>
      <Title order={2} style={{ overflowWrap: 'anywhere' }}>{text.title}</Title>
      <Card withBorder p="sm" bg="var(--mantine-color-blue-light)">
        <Text fw={600} size="sm" mb={4}>{t('training.objectives')}</Text>
        <List size="sm" spacing={2}>{text.objectives.map((o, i) => <List.Item key={i}>{o}</List.Item>)}</List>
      </Card>
      <div data-testid="lesson-body"><Markdown source={text.body} /></div>
      <Group justify="space-between" wrap="wrap" gap="xs">
        {lesson.previous ? <Button variant="subtle" component={Link} to={`/training/lessons/${lesson.previous}`}>← {t('training.previous')}</Button> : <span />}
        {lesson.done
          ? <Badge color="green" size="lg" leftSection={<IconCheck size={14} />} data-testid="lesson-done">{t('training.lessonDone')}</Badge>
          : <Button onClick={markDone} loading={busy} data-testid="mark-done">{t('training.markDone')}</Button>}
        {lesson.next ? <Button variant="subtle" component={Link} to={`/training/lessons/${lesson.next}`}>{t('training.next')} →</Button> : <span />}
      </Group>
    </Stack>
  );
}
