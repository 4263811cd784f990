import { Badge, Button, Card, Collapse, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ExplanationTable } from './ExplanationTable.tsx';
import './messages.ts';
import { SEVERITY_COLOR, SEVERITY_TEXT, type Suggestion } from './types.ts';

/** One suggestion with its explanation and the three decisions (override needs a reason). */
export function SuggestionCard({ s, onDecided, canDecide }: { s: Suggestion; onDecided: () => void; canDecide: boolean }) {
  const { t, lang } = useI18n();
  const [why, setWhy] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const decide = async (decision: 'accept' | 'override' | 'dismiss') => {
    if (decision === 'override' && !reason.trim()) {
      setError(t('sugg.reasonRequired'));
      return;
    }
    setBusy(true);
    try {
      await post(`/api/suggestions/${s.id}/decision`, decision === 'override' ? { decision, reason: reason.trim() } : { decision });
      notifications.show({ color: 'teal', message: t('sugg.decided') });
      onDecided();
    } catch (e) {
      if (e instanceof ApiError && e.field === 'reason') setError(e.text(lang));
      else notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="sm" radius="md" data-testid="suggestion" data-tool={s.toolId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Group gap={6}>
            <Badge color={SEVERITY_COLOR[s.severity]} c={SEVERITY_TEXT[s.severity]} variant="filled" size="sm">{t(`sugg.severity.${s.severity}`)}</Badge>
            <Badge color={s.kind === 'rule' ? 'gray' : 'violet'} variant="light" size="sm">{s.kind === 'rule' ? t('sugg.kind.rule') : 'AI'}</Badge>
            <Text size="xs" c="dark.4">{t(s.kind === 'rule' ? 'sugg.source' : 'sugg.ai.source', { id: s.toolId, name: s.toolId, version: s.toolVersion })} · {formatDateTime(s.createdAt, lang)}</Text>
          </Group>
          <Text size="sm" data-testid="suggestion-summary">{lang === 'vi' ? s.summaryVi : s.summary}</Text>
        </Stack>
      </Group>
      <Group gap="xs" mt="xs">
        <Button size="compact-xs" variant="subtle" onClick={() => setWhy((w) => !w)}>{t('sugg.why')}</Button>
        {canDecide && !overriding && (
          <>
            <Button size="compact-xs" color="teal" loading={busy} onClick={() => decide('accept')} data-testid="suggestion-accept">{t('sugg.accept')}</Button>
            <Button size="compact-xs" color="orange" variant="light" onClick={() => setOverriding(true)} data-testid="suggestion-override">{t('sugg.override')}</Button>
            <Button size="compact-xs" color="gray" variant="light" loading={busy} onClick={() => decide('dismiss')} data-testid="suggestion-dismiss">{t('sugg.dismiss')}</Button>
          </>
        )}
      </Group>
      <Collapse expanded={why}>
        <Stack mt="xs"><ExplanationTable items={s.explanation} /></Stack>
      </Collapse>
      {overriding && (
        <Stack gap="xs" mt="xs">
          <Textarea
            label={t('sugg.reason')}
            placeholder={t('sugg.reasonHint')}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            autosize
            minRows={2}
            required
            data-testid="override-reason"
          />
          <Group gap="xs">
            <Button size="xs" color="orange" loading={busy} onClick={() => decide('override')} data-testid="override-confirm">{t('sugg.confirm')}</Button>
            <Button size="xs" variant="default" onClick={() => { setOverriding(false); setError(null); }}>{t('sugg.cancel')}</Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
