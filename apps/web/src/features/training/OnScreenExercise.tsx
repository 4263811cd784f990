/**
 * Exercises on the platform's real screens: the exercise page (what to record, open the case on the
 * real patient page, the result with the learner's own over- and under-reliance) and the panel on
 * that patient page that follows her progress and submits the attempt for scoring.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck, IconSchool } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type OnScreenAttempt, onScreenApi, type OnScreenExerciseView, type OnScreenStepView } from './api.ts';
import { ExercisePage } from './ExercisePage.tsx';
import { num, pct } from './format.ts';

function useVitalText() {
  const { t, lang } = useI18n();
  return (k: string, v: number | string | boolean) => {
    const value = typeof v === 'boolean' ? t(v ? 'training.yes' : 'training.no') : typeof v === 'number' ? num(v, lang, Number.isInteger(v) ? 0 : 1) : v;
    return `${t(`vital.${k}`)}: ${value}`;
  };
}

function Situation({ s, n, total }: { s: OnScreenStepView; n: number; total: number }) {
  const { t, lang } = useI18n();
  const vital = useVitalText();
  return (
    <div>
      <Text size="xs" c="dimmed">{t('training.step', { n, total })}</Text>
      <Text size="sm">{s.situation[lang]}</Text>
      <Group gap={4} mt={4}>{Object.entries(s.vitals).map(([k, v]) => <Badge key={k} variant="outline" color="gray" tt="none" fw={500}>{vital(k, v)}</Badge>)}</Group>
    </div>
  );
}

/** /training/exercises/:id — an on-screen exercise when the server knows one by this id, else the decision/CXR exercise page. */
export function ExerciseRouter() {
  const { id = '' } = useParams();
  const [kind, setKind] = useState<{ onScreen: OnScreenExerciseView | null } | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    setKind(null);
    onScreenApi.exercise(id, ctrl.signal).then((ex) => setKind({ onScreen: ex })).catch(() => { if (!ctrl.signal.aborted) setKind({ onScreen: null }); });
    return () => ctrl.abort();
  }, [id]);
  if (!kind) return <Loader />;
  return kind.onScreen ? <OnScreenExercisePage ex={kind.onScreen} /> : <ExercisePage />;
}

function OnScreenExercisePage({ ex }: { ex: OnScreenExerciseView }) {
  const { t, lang } = useI18n();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const attemptId = params.get('attempt');
  const [attempt, setAttempt] = useState<OnScreenAttempt | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!attemptId) { setAttempt(null); return; }
    const ctrl = new AbortController();
    onScreenApi.attempt(attemptId, ctrl.signal).then(setAttempt).catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : String(e)); });
    return () => ctrl.abort();
  }, [attemptId, lang]);
  const open = async () => {
    setBusy(true);
    try {
      const a = await onScreenApi.start(ex.id);
      nav(`/patients/${a.patientId}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const shown = attempt?.exercise ?? ex;
  return (
    <Stack gap="sm" maw={860}>
      <Anchor component={Link} to="/training" size="sm">← {t('training.back')}</Anchor>
      <Group gap="xs"><Badge color="teal" variant="light" leftSection={<IconSchool size={14} />}>{t('training.onScreen')}</Badge></Group>
      <Title order={2}>{ex.title[lang]}</Title>
      <Text size="sm">{ex.instructions[lang]}</Text>
      {error && <Alert color="red">{error}</Alert>}
      {attempt?.result ? <OnScreenResultView attempt={attempt} /> : (
        <>
          <Card withBorder p="sm">
            <Stack gap="sm">{shown.steps.map((s, i) => <Situation key={s.id} s={s} n={i + 1} total={shown.steps.length} />)}</Stack>
          </Card>
          <Group>
            <Button onClick={open} loading={busy} data-testid="onscreen-open">{t('training.openCase')}</Button>
            <Text size="xs" c="dimmed">{t('training.openCaseHint')}</Text>
          </Group>
        </>
      )}
      {attempt?.result && <Button variant="light" w="fit-content" onClick={() => { nav(`/training/exercises/${ex.id}`); }} data-testid="onscreen-again">{t('training.retake')}</Button>}
      {ex.lessons.length > 0 && (
        <Text size="sm">{t('training.relatedLessons')}: {ex.lessons.map((l, i) => <span key={l.id}>{i ? ', ' : ''}<Anchor component={Link} to={`/training/lessons/${l.id}`}>{l.title[lang]}</Anchor></span>)}</Text>
      )}
    </Stack>
  );
}

// The suggestion panel's own button labels, so the result names what the learner clicked.
const DECISION_KEY = { accept: 'sugg.accept', override: 'sugg.override', dismiss: 'sugg.dismiss' } as const;

function OnScreenResultView({ attempt }: { attempt: OnScreenAttempt }) {
  const { t, lang } = useI18n();
  const r = attempt.result!;
  const ex = attempt.exercise;
  return (
    <Stack gap="sm" data-testid="onscreen-result">
      <Alert color={r.passed ? 'green' : 'orange'} title={`${t(r.passed ? 'training.passed' : 'training.notPassed')} · ${t('training.score', { correct: r.correct, total: r.total, score: pct(r.score, lang) })}`}>
        {t('training.onScreenPassRule', { score: pct(ex.pass.minScore, lang), over: pct(ex.pass.maxOverReliance, lang) })}
      </Alert>
      <Card withBorder data-testid="onscreen-reliance">
        <Title order={4} mb="xs">{t('training.automationBias')}</Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <div>
            <Text size="xs" c="dimmed">{t('training.over')}</Text>
            <Text fw={700} size="xl" c={(r.overReliance ?? 0) > 0 ? 'red' : undefined} data-testid="onscreen-over">{pct(r.overReliance, lang)}</Text>
            <Text size="xs">{t('training.overRuleHint', { n: r.followedWrongRule, d: r.ruleWrong })}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">{t('training.under')}</Text>
            <Text fw={700} size="xl" c={(r.underReliance ?? 0) > 0 ? 'orange' : undefined} data-testid="onscreen-under">{pct(r.underReliance, lang)}</Text>
            <Text size="xs">{t('training.underRuleHint', { n: r.rejectedRightRule, d: r.ruleRight })}</Text>
          </div>
        </SimpleGrid>
        {ex.debrief && <Text size="sm" mt="sm">{ex.debrief[lang]}</Text>}
      </Card>
      <Table.ScrollContainer minWidth={560}>
        <Table withTableBorder data-testid="onscreen-steps">
          <Table.Thead><Table.Tr>
            <Table.Th>#</Table.Th><Table.Th>{t('training.ruleOutput')}</Table.Th><Table.Th>{t('training.yourDecision')}</Table.Th>
            <Table.Th>{t('training.expected')}</Table.Th><Table.Th>{t('training.minutesCol')}</Table.Th><Table.Th />
          </Table.Tr></Table.Thead>
          <Table.Tbody>
            {r.steps.map((s, i) => {
              const step = ex.steps.find((x) => x.id === s.stepId);
              return [
                <Table.Tr key={s.stepId} data-testid={`onscreen-step-${s.stepId}`}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>{s.recorded ? `NEWS2 ${s.ruleScore ?? '—'} · ${t(s.ruleRight ? 'training.ruleRightHere' : 'training.ruleWrongHere')}` : t('training.notRecorded')}</Table.Td>
                  <Table.Td>{s.decision ? t(DECISION_KEY[s.decision]) : '—'}{s.reason ? <Text size="xs" c="dimmed">{s.reason}</Text> : null}</Table.Td>
                  <Table.Td>{t(DECISION_KEY[s.expected])}</Table.Td>
                  <Table.Td c={s.minutesToDecide !== null && !s.timely ? 'red' : undefined}>{s.minutesToDecide === null ? '—' : num(s.minutesToDecide, lang, 1)}</Table.Td>
                  <Table.Td><Badge color={s.correct ? 'green' : 'red'}>{t(s.correct ? 'training.right' : 'training.wrong')}</Badge></Table.Td>
                </Table.Tr>,
                step?.explanation && <Table.Tr key={`${s.stepId}-x`}><Table.Td /><Table.Td colSpan={5}><Text size="xs" c="dimmed">{step.explanation[lang]}</Text></Table.Td></Table.Tr>,
              ];
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** On the real patient page: the learner's exercise on this (sandbox) patient, her progress, and "finish and score". */
export function TrainingCasePanel({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t, lang } = useI18n();
  const nav = useNavigate();
  const [attempt, setAttempt] = useState<OnScreenAttempt | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback((signal?: AbortSignal) => onScreenApi.forPatient(patientId, signal).then((r) => setAttempt(r.attempt)).catch(() => undefined), [patientId]);
  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load, refreshKey]);
  // Decisions are taken in the suggestion panel: follow them while the attempt is open.
  useEffect(() => {
    if (!attempt || attempt.submittedAt) return;
    const timer = setInterval(() => { void load(); }, 4000);
    return () => clearInterval(timer);
  }, [attempt, load]);
  if (!attempt) return null;
  const ex = attempt.exercise;
  const finish = async () => {
    setBusy(true);
    try {
      const done = await onScreenApi.submit(attempt.id);
      nav(`/training/exercises/${done.exerciseId}?attempt=${done.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
      setBusy(false);
    }
  };
  return (
    <Card withBorder p="sm" bg="var(--mantine-color-teal-light)" data-testid="training-case-panel">
      <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
        <Group gap="xs"><IconSchool size={18} /><Text fw={700}>{t('training.caseTitle', { title: ex.title[lang] })}</Text></Group>
        {attempt.submittedAt
          ? <Anchor component={Link} to={`/training/exercises/${attempt.exerciseId}?attempt=${attempt.id}`} data-testid="training-case-result">{t('training.seeResult')}</Anchor>
          : <Button size="xs" onClick={finish} loading={busy} data-testid="training-case-finish">{t('training.finishScore')}</Button>}
      </Group>
      {error && <Alert color="red" mb="xs">{error}</Alert>}
      {!attempt.submittedAt && (
        <Stack gap="xs">
          <Text size="xs">{t('training.caseHint')}</Text>
          {ex.steps.map((s, i) => {
            const p = attempt.progress?.find((x) => x.stepId === s.id);
            return (
              <Group key={s.id} justify="space-between" wrap="nowrap" align="flex-start" gap="xs" data-testid={`case-step-${s.id}`}>
                <div style={{ minWidth: 0 }}><Situation s={s} n={i + 1} total={ex.steps.length} /></div>
                <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
                  <Badge size="sm" style={{ overflow: 'visible' }} color={p?.recorded ? 'green' : 'gray'} leftSection={p?.recorded ? <IconCheck size={12} /> : null} data-testid={`case-step-${s.id}-recorded`}>{t(p?.recorded ? 'training.recorded' : 'training.toRecord')}</Badge>
                  <Badge size="sm" style={{ overflow: 'visible' }} color={p?.decided ? 'green' : 'gray'} leftSection={p?.decided ? <IconCheck size={12} /> : null} data-testid={`case-step-${s.id}-decided`}>{t(p?.decided ? 'training.decided' : 'training.toDecide')}</Badge>
                </Stack>
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
