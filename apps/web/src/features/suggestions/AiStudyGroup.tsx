import { Anchor, Badge, Button, Card, Collapse, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatNumber } from '../../lib/decimal.ts';
import { formatDateTime } from '../../lib/format.ts';
import { findingName } from './findingNames.ts';
import type { Suggestion } from './types.ts';

interface FindingOutput { label?: string; probability?: number; threshold?: number; positive?: boolean }
export interface ToolInfo { id: string; name: string; kind: string; stage: string }

/** One row per finding label: the highest probability among the study's images (no duplicates). */
export function groupFindings(items: Suggestion[]) {
  const byLabel = new Map<string, { label: string; probability: number; threshold: number; positive: boolean }>();
  for (const s of items) {
    const o = (s.output ?? {}) as FindingOutput;
    const label = o.label ?? s.summary;
    const probability = o.probability ?? s.score ?? 0;
    const threshold = o.threshold ?? 0.5;
    const prev = byLabel.get(label);
    if (!prev || probability > prev.probability) byLabel.set(label, { label, probability, threshold, positive: probability >= threshold });
  }
  const all = [...byLabel.values()].sort((a, b) => Number(b.positive) - Number(a.positive) || b.probability - a.probability);
  return { above: all.filter((f) => f.positive), below: all.filter((f) => !f.positive) };
}

/**
 * An AI tool's output for one study as ONE suggestion (issue 15, point 5): the findings above the
 * tool's threshold first, the rest folded; labelled AI with the tool's name, version and stage; one
 * decision for the study, and once decided, the decision stays on the chart.
 */
export function AiStudyGroup({ items, tool, canDecide, onDecided }: { items: Suggestion[]; tool: ToolInfo | undefined; canDecide: boolean; onDecided: () => void }) {
  const { t, lang } = useI18n();
  const [showBelow, setShowBelow] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = items[0]!;
  const studyId = first.subjectRef?.replace(/^ImagingStudy\//, '') ?? null;
  const { above, below } = groupFindings(items);
  const proposed = items.filter((s) => s.status === 'proposed');
  const decided = items.filter((s) => s.status !== 'proposed');
  const pct = (p: number) => `${formatNumber(p * 100, lang)} %`;
  const names = (fs: typeof above) => fs.map((f) => findingName(f.label, lang)).join(', ');

  const decide = async (decision: 'accept' | 'override' | 'dismiss') => {
    if (decision === 'override' && !reason.trim()) return setError(t('sugg.reasonRequired'));
    setBusy(true);
    try {
      for (const s of proposed) await post(`/api/suggestions/${s.id}/decision`, decision === 'override' ? { decision, reason: reason.trim() } : { decision });
      notifications.show({ color: 'teal', message: t('sugg.decided') });
      onDecided();
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
      onDecided();
    } finally {
      setBusy(false);
    }
  };

  const toolLabel = t('sugg.ai.source', { name: tool?.name ?? first.toolId, version: first.toolVersion });
  return (
    <Card withBorder padding="sm" radius="md" data-testid="ai-group" data-tool={first.toolId} data-study={studyId ?? ''}>
      <Group gap={6} wrap="wrap">
        <Badge color="violet" variant="filled" size="sm" data-testid="ai-badge">AI</Badge>
        <Text size="xs" fw={600} data-testid="ai-tool">{toolLabel}</Text>
        {tool && <Badge color="gray" variant="light" size="sm" data-testid="ai-stage">{t(`sugg.stage.${tool.stage}`)}</Badge>}
        <Text size="xs" c="dark.4">{formatDateTime(first.createdAt, lang)}</Text>
      </Group>
      <Text size="sm" mt={4} data-testid="ai-summary">
        {above.length ? t('sugg.ai.above', { n: above.length, names: names(above) }) : t('sugg.ai.noneAbove')}
      </Text>
      <Stack gap={2} mt={4}>
        {above.map((f) => (
          <Text key={f.label} size="sm" data-testid="ai-finding-above">
            <b>{findingName(f.label, lang)}</b> — {pct(f.probability)} ({t('sugg.ai.threshold', { v: pct(f.threshold) })})
          </Text>
        ))}
      </Stack>
      {below.length > 0 && (
        <>
          <Button size="compact-xs" variant="subtle" mt={4} px={0} style={{ alignSelf: 'flex-start' }} leftSection={showBelow ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />} onClick={() => setShowBelow((x) => !x)} data-testid="ai-below-toggle">
            {t('sugg.ai.below', { n: below.length })}
          </Button>
          <Collapse expanded={showBelow}>
            <Stack gap={0}>
              {below.map((f) => (
                <Text key={f.label} size="xs" c="dark.4" data-testid="ai-finding-below">
                  {findingName(f.label, lang)} — {pct(f.probability)}
                </Text>
              ))}
            </Stack>
          </Collapse>
        </>
      )}
      <Group gap="xs" mt="xs">
        {studyId && <Anchor component={Link} to={`/imaging/${studyId}`} size="xs">{t('sugg.ai.openStudy')}</Anchor>}
        {canDecide && proposed.length > 0 && !overriding && (
          <>
            <Button size="compact-xs" color="teal" loading={busy} onClick={() => void decide('accept')} data-testid="ai-accept">{t('sugg.accept')}</Button>
            <Button size="compact-xs" color="orange" variant="light" onClick={() => setOverriding(true)} data-testid="ai-override">{t('sugg.override')}</Button>
            <Button size="compact-xs" color="gray" variant="light" loading={busy} onClick={() => void decide('dismiss')} data-testid="ai-dismiss">{t('sugg.dismiss')}</Button>
          </>
        )}
      </Group>
      {decided.length > 0 && (
        <Text size="sm" mt={4} fw={600} data-testid="ai-decision">
          {t('sugg.ai.decided', { decision: t(`sugg.status.${decided[0]!.status}`), n: decided.length, total: items.length })}
          {decided[0]!.reason ? ` — ${t('sugg.ai.reason')}: ${decided[0]!.reason}` : ''}
        </Text>
      )}
      {overriding && (
        <Stack gap="xs" mt="xs">
          <Textarea
            label={t('sugg.reason')}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            autosize
            minRows={2}
            required
            data-testid="ai-override-reason"
          />
          <Group gap="xs">
            <Button size="xs" color="orange" loading={busy} onClick={() => void decide('override')} data-testid="ai-override-confirm">{t('sugg.confirm')}</Button>
            <Button size="xs" variant="default" onClick={() => setOverriding(false)}>{t('sugg.cancel')}</Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
