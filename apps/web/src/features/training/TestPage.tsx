/** Pre-test and post-test: one page of shuffled items, submit, then the score (and after a post-test the keys and explanations). */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Loader, Radio, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type Attempt, type TestResult, trainingApi } from './api.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { pct } from './format.ts';
import { cacheGet, cachePut, submitTest, withCache } from './offline.ts';

/** /training/modules/:id/:phase — starts (or resumes) the test, then shows it at /training/attempts/:id. */
export function StartTestPage() {
  const { id = '', phase = 'pre' } = useParams();
  const { lang } = useI18n();
  const nav = useNavigate();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    trainingApi.startTest(id, phase === 'post' ? 'post' : 'pre')
      .then((a) => { if (live) nav(`/training/attempts/${a.id}`, { replace: true }); })
      .catch((e) => { if (live) setError(e instanceof ApiError ? e.text(lang) : String(e)); });
    return () => { live = false; };
  }, [id, phase, lang, nav]);
  return error ? <Stack maw={640}><Alert color="orange" data-testid="test-error">{error}</Alert><Anchor component={Link} to="/training">← </Anchor></Stack> : <Loader />;
}

export function TestPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [queuedSubmit, setQueuedSubmit] = useState(false);
  const { user } = useAuth();
  useEffect(() => {
    const ctrl = new AbortController();
    // Network first, then the copy kept when the attempt was opened online; answers in progress survive a reload.
    withCache(`attempt:${id}`, () => trainingApi.attempt(id, ctrl.signal)).then(async ({ value: a }) => {
      const draft = a.result ? undefined : await cacheGet<Record<string, string[]>>(`answers:${id}`);
      if (ctrl.signal.aborted) return;
      setAttempt(a);
      setAnswers(draft ?? {});
    }).catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : String(e)); });
    return () => ctrl.abort();
  }, [id, lang]);
  useEffect(() => { if (Object.keys(answers).length) void cachePut(`answers:${id}`, answers); }, [answers, id]);
  if (error) return <Alert color="red">{error}</Alert>;
  if (!attempt?.items) return <Loader />;
  const items = attempt.items;
  const result = attempt.result as TestResult | null;
  const byQ = new Map(result?.items.map((r) => [r.questionId, r]) ?? []);
  const answered = items.filter((i) => (answers[i.questionId] ?? []).length > 0).length;
  const submit = async () => {
    setBusy(true);
    try {
      const done = await submitTest<Attempt>(user!.id, attempt.id, answers);
      if (done) { setAttempt(done); void cachePut(`attempt:${id}`, done); } else setQueuedSubmit(true);
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const optText = (qid: string, oid: string) => items.find((i) => i.questionId === qid)?.options.find((o) => o.id === oid)?.[lang] ?? oid;
  return (
    <Stack gap="sm" maw={760}>
      <Anchor component={Link} to="/training" size="sm">← {t('training.back')}</Anchor>
      <Title order={2}>{t(attempt.kind === 'pre' ? 'training.preTest' : 'training.postTest')}</Title>
      {result && (
        <Alert color={attempt.kind === 'pre' ? 'blue' : result.passed ? 'green' : 'orange'} title={t('training.result')} data-testid="test-result">
          <Text fw={700}>{t('training.score', { correct: result.correct, total: result.total, score: pct(result.score, lang) })}</Text>
          {attempt.kind === 'post' && <Text>{result.passed ? t('training.passed') : t('training.notPassed')} · {t('training.passMark', { mark: pct(result.passMark, lang) })}</Text>}
          {attempt.kind === 'pre' && <Text size="sm">{t('training.preNote')}</Text>}
          {attempt.kind === 'post' && !result.passed && attempt.moduleId && <Button mt="xs" size="xs" component={Link} to={`/training/modules/${attempt.moduleId}/post`}>{t('training.retake')}</Button>}
        </Alert>
      )}
      {items.map((q, n) => {
        const r = byQ.get(q.questionId);
        const chosen = r ? r.chosen : answers[q.questionId] ?? [];
        const set = (v: string[]) => setAnswers((a) => ({ ...a, [q.questionId]: v }));
        return (
          <Card withBorder key={q.questionId} p="sm" data-testid={`q-${n + 1}`}>
            <Group justify="space-between" mb={4}>
              <Text size="xs" c="dimmed">{t('training.question', { n: n + 1, total: items.length })} · {t(q.type === 'multiple' ? 'training.multiple' : 'training.single')}</Text>
              {r && <Badge color={r.correct ? 'green' : 'red'}>{t(r.correct ? 'training.right' : 'training.wrong')}</Badge>}
            </Group>
            {q.case && <Text size="sm" mb={6} p={6} bg="var(--mantine-color-gray-light)" style={{ borderRadius: 4 }}>{q.case[lang]}</Text>}
            <Text fw={500} mb="xs">{q.stem[lang]}</Text>
            {q.type === 'single' ? (
              <Radio.Group value={chosen[0] ?? null} onChange={(v) => set([v])}>
                <Stack gap={6}>{q.options.map((o) => <Radio key={o.id} value={o.id} label={o[lang]} disabled={!!r} />)}</Stack>
              </Radio.Group>
            ) : (
              <Checkbox.Group value={chosen} onChange={set}>
                <Stack gap={6}>{q.options.map((o) => <Checkbox key={o.id} value={o.id} label={o[lang]} disabled={!!r} />)}</Stack>
              </Checkbox.Group>
            )}
            {r?.answer && (
              <Text size="sm" mt="xs"><b>{t('training.correctAnswer')}:</b> {r.answer.map((a) => optText(q.questionId, a)).join('; ')}</Text>
            )}
            {r?.explanation && <Text size="sm" c="dimmed" mt={4}>{r.explanation[lang]}</Text>}
          </Card>
        );
      })}
      {queuedSubmit && <Alert color="orange" data-testid="test-queued">{t('training.offlineSaved')}</Alert>}
      {!result && !queuedSubmit && (
        <Card withBorder p="sm" style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
          <Group justify="space-between">
            <Text size="sm">{t('training.answered', { n: answered, total: items.length })}</Text>
            <Button onClick={submit} loading={busy} data-testid="submit-test">{t('training.submit')}</Button>
          </Group>
          {answered < items.length && <Text size="xs" c="orange" mt={4}>{t('training.unansweredWarn', { n: items.length - answered })}</Text>}
        </Card>
      )}
    </Stack>
  );
}
