/** Exercises: CXR reading with AI (one case at a time, then accuracy and over/under-reliance) and decision exercises. */
import { Alert, Anchor, Badge, Button, Card, Group, Image, Loader, Progress, Radio, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type Attempt, type CxrResult, type ExerciseView, trainingApi } from './api.ts';
import { num, pct } from './format.ts';
import { RelianceCard } from './TrainingHome.tsx';

export function ExercisePage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const start = useCallback(() => {
    setAttempt(null);
    trainingApi.startExercise(id).then(setAttempt).catch((e) => setError(e instanceof ApiError ? { code: e.code, text: e.text(lang) } : { code: '', text: String(e) }));
  }, [id, lang]);
  useEffect(start, [start]);
  if (error) return <Alert color="orange" data-testid="exercise-error">{error.code === 'DATASET_MISSING' ? `${t('training.datasetMissing')} (${error.text})` : error.text}</Alert>;
  if (!attempt?.exercise) return <Loader />;
  const ex = attempt.exercise;
  return (
    <Stack gap="sm" maw={820}>
      <Anchor component={Link} to="/training" size="sm">← {t('training.back')}</Anchor>
      <Title order={2}>{ex.title[lang]}</Title>
      <Text size="sm">{ex.instructions[lang]}</Text>
      {ex.kind === 'cxr-reading'
        ? <CxrExercise attempt={attempt} ex={ex} onDone={setAttempt} onRetake={start} />
        : <DecisionExercise attempt={attempt} ex={ex} onDone={setAttempt} onRetake={start} />}
      {ex.lessons.length > 0 && (
        <Text size="sm">{t('training.relatedLessons')}: {ex.lessons.map((l, i) => <span key={l.id}>{i ? ', ' : ''}<Anchor component={Link} to={`/training/lessons/${l.id}`}>{l.title[lang]}</Anchor></span>)}</Text>
      )}
    </Stack>
  );
}

interface Props { attempt: Attempt; ex: ExerciseView; onDone: (a: Attempt) => void; onRetake: () => void }

function CxrExercise({ attempt, ex, onDone, onRetake }: Props) {
  const { t, lang } = useI18n();
  const cases = ex.cases ?? [];
  const [calls, setCalls] = useState<Record<string, boolean>>({});
  const [first, setFirst] = useState<Record<string, boolean>>({});
  const [at, setAt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const result = attempt.result as CxrResult | null;
  if (result) {
    return (
      <Stack gap="sm" data-testid="cxr-result">
        <Alert color={result.passed ? 'green' : 'orange'} title={t('training.relianceTitle')}>
          {t(result.passed ? 'training.passed' : 'training.notPassed')} · {t('training.passRule', { acc: pct(ex.pass.minAccuracy, lang), over: pct(ex.pass.maxOverReliance, lang) })}
        </Alert>
        <RelianceCard r={result} />
        {result.firstRead && (
          <Card withBorder p="sm" data-testid="first-read-result">
            <Text fw={600} size="sm">{t('training.firstReadResult')}: {pct(result.firstRead.accuracy, lang)}</Text>
            <Text size="sm" c={result.firstRead.switchedToWrongAi > 0 ? 'red' : undefined}>{t('training.switchedWrong', { n: result.firstRead.switchedToWrongAi })}</Text>
            <Text size="sm">{t('training.switchedRight', { n: result.firstRead.switchedToRightAi })}</Text>
          </Card>
        )}
        {ex.debrief && <Card withBorder p="sm"><Text size="sm">{ex.debrief[lang]}</Text></Card>}
        <Table.ScrollContainer minWidth={360}>
          <Table striped withTableBorder>
            <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>{t('training.findingCol')}</Table.Th><Table.Th>AI</Table.Th><Table.Th>{t('training.yourCall')}</Table.Th><Table.Th>{t('training.reference')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {cases.map((c, i) => {
                const call = result.perCase.find((p) => p.caseId === c.caseId)?.call;
                return (
                  <Table.Tr key={c.caseId}>
                    <Table.Td>{i + 1}</Table.Td>
                    <Table.Td>{c.finding[lang]}</Table.Td>
                    <Table.Td><Badge color={c.aiWrong ? 'red' : 'gray'} variant="light">{t(c.ai.present ? 'training.present' : 'training.absent')}</Badge></Table.Td>
                    <Table.Td><Badge color={call === c.reference ? 'green' : 'red'}>{call === null || call === undefined ? '—' : t(call ? 'training.present' : 'training.absent')}</Badge></Table.Td>
                    <Table.Td>{t(c.reference ? 'training.present' : 'training.absent')}{c.aiWrong && <Text span size="xs" c="red"> · {t('training.aiWasWrong')}</Text>}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group><Button variant="light" onClick={onRetake}>{t('training.retake')}</Button></Group>
      </Stack>
    );
  }
  const c = cases[at]!;
  const answered = Object.keys(calls).length;
  const firstDone = c.caseId in first;
  const chooseFirst = (v: boolean) => setFirst((x) => ({ ...x, [c.caseId]: v }));
  const choose = (v: boolean) => {
    setCalls((x) => ({ ...x, [c.caseId]: v }));
    if (at < cases.length - 1) setAt(at + 1);
  };
  const submit = async () => {
    setBusy(true);
    try { onDone(await trainingApi.submitExercise(attempt.id, { calls, firstCalls: first })); } catch (e) { setError(e instanceof ApiError ? e.text(lang) : String(e)); } finally { setBusy(false); }
  };
  return (
    <Stack gap="sm">
      <Progress value={(100 * answered) / cases.length} aria-label={t('training.answered', { n: answered, total: cases.length })} />
      <Card withBorder p="sm" data-testid="cxr-case">
        <Group justify="space-between" mb="xs">
          <Text size="sm" c="dimmed">{t('training.case', { n: at + 1, total: cases.length })}</Text>
          <Text fw={600}>{t('training.finding', { finding: c.finding[lang] })}</Text>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Image src={c.image} alt={c.finding[lang]} radius="sm" fit="contain" mah={420} bg="black" />
          <Stack gap="sm" justify="center">
            <Text size="sm" fw={500}>{t('training.firstRead')}</Text>
            {firstDone
              ? <Badge size="lg" variant="light" color={first[c.caseId] ? 'red' : 'teal'} data-testid="first-read">{t(first[c.caseId] ? 'training.present' : 'training.absent')}</Badge>
              : (
                <Group grow>
                  <Button color="red" variant="outline" onClick={() => chooseFirst(true)} data-testid="first-present">{t('training.present')}</Button>
                  <Button color="teal" variant="outline" onClick={() => chooseFirst(false)} data-testid="first-absent">{t('training.absent')}</Button>
                </Group>
              )}
            {firstDone ? (
              <>
                <Card withBorder p="xs" bg="var(--mantine-color-violet-light)" data-testid="cxr-ai">
                  <Text fw={600}>{t('training.aiSays', { call: t(c.ai.present ? 'training.present' : 'training.absent'), score: num(c.ai.score, lang) })}</Text>
                </Card>
                <Text size="sm" fw={500}>{t('training.finalCall')}</Text>
                <Group grow>
                  <Button color="red" variant={calls[c.caseId] === true ? 'filled' : 'outline'} onClick={() => choose(true)} data-testid="call-present">{t('training.present')}</Button>
                  <Button color="teal" variant={calls[c.caseId] === false ? 'filled' : 'outline'} onClick={() => choose(false)} data-testid="call-absent">{t('training.absent')}</Button>
                </Group>
              </>
            ) : <Text size="xs" c="dimmed">{t('training.firstReadHint')}</Text>}
            <Group justify="space-between">
              <Button size="xs" variant="subtle" disabled={at === 0} onClick={() => setAt(at - 1)}>← {t('training.prevCase')}</Button>
              <Button size="xs" variant="subtle" disabled={at === cases.length - 1} onClick={() => setAt(at + 1)}>{t('training.nextCase')} →</Button>
            </Group>
          </Stack>
        </SimpleGrid>
      </Card>
      {error && <Alert color="red">{error}</Alert>}
      <Group justify="space-between">
        <Text size="sm">{t('training.answered', { n: answered, total: cases.length })}</Text>
        <Button onClick={submit} loading={busy} disabled={answered < cases.length} data-testid="submit-exercise">{t('training.submit')}</Button>
      </Group>
      {ex.citation && <Text size="xs" c="dimmed">{ex.citation}</Text>}
    </Stack>
  );
}

function DecisionExercise({ attempt, ex, onDone, onRetake }: Props) {
  const { t, lang } = useI18n();
  const steps = ex.steps ?? [];
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const result = attempt.result as { correct: number; total: number; score: number; passed: boolean; steps: Array<{ stepId: string; chosen: string | null }> } | null;
  const submit = async () => {
    setBusy(true);
    try { onDone(await trainingApi.submitExercise(attempt.id, { answers })); } catch (e) { setError(e instanceof ApiError ? e.text(lang) : String(e)); } finally { setBusy(false); }
  };
  return (
    <Stack gap="sm">
      {result && (
        <Alert color={result.passed ? 'green' : 'orange'} title={t('training.result')} data-testid="decision-result">
          {t('training.score', { correct: result.correct, total: result.total, score: pct(result.score, lang) })} · {t(result.passed ? 'training.passed' : 'training.notPassed')}
          {!result.passed && <Button ml="sm" size="compact-xs" onClick={onRetake}>{t('training.retake')}</Button>}
        </Alert>
      )}
      {steps.map((s, i) => {
        const chosen = result ? result.steps.find((x) => x.stepId === s.id)?.chosen ?? null : answers[s.id] ?? null;
        return (
          <Card withBorder p="sm" key={s.id}>
            <Text size="xs" c="dimmed">{t('training.step', { n: i + 1, total: steps.length })}</Text>
            <Text size="sm" mb={4} p={6} bg="var(--mantine-color-gray-light)" style={{ borderRadius: 4 }}>{s.situation[lang]}</Text>
            <Text fw={500} mb="xs">{s.question[lang]}</Text>
            <Radio.Group value={chosen} onChange={(v) => setAnswers((a) => ({ ...a, [s.id]: v }))}>
              <Stack gap={6}>{s.options.map((o) => <Radio key={o.id} value={o.id} label={o[lang]} disabled={!!result} />)}</Stack>
            </Radio.Group>
            {s.answer && (
              <Text size="sm" mt="xs" c={chosen === s.answer ? 'green' : 'red'}>
                <b>{t('training.expected')}:</b> {s.options.find((o) => o.id === s.answer)?.[lang]} — {s.explanation?.[lang]}
              </Text>
            )}
          </Card>
        );
      })}
      {error && <Alert color="red">{error}</Alert>}
      {!result && <Group justify="flex-end"><Button onClick={submit} loading={busy} data-testid="submit-exercise">{t('training.submit')}</Button></Group>}
    </Stack>
  );
}
