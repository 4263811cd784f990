/**
 * Staff assistant panel (logged-in staff): ask about one's own facility — high NEWS2 patients, the
 * triage queue, how to use the platform. The server answers with the user's own permissions.
 */
import { Anchor, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, post } from '../../api/client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { DraftEditor, type ReferralDraft, type Summary, SummaryView } from './PatientAssistant.tsx';

interface StaffAnswer {
  intent: 'news2' | 'queue' | 'summary' | 'referral' | 'help';
  answer: string;
  patients: { id: string; fullName: string; score: number; at: string }[];
  citations: { doc: string; heading: string; quote: string }[];
  summary?: Summary;
  referralDraft?: ReferralDraft;
}

export function StaffAssistantPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const [q, setQ] = useState('');
  const [a, setA] = useState<StaffAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A patient opened from the patient page (?patientId=…): "summarise…" and "draft a referral…" are about them.
  const [params] = useSearchParams();
  const patientId = params.get('patientId') ?? undefined;

  const ask = async (question = q) => {
    if (!facilityId || !question.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setA(await post<StaffAnswer>('/api/assistant/staff/ask', { facilityId, question, ...(patientId ? { patientId } : {}) }));
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={900}>
      <Title order={2}>{t('asst.staff.title')}</Title>
      <Text c="dimmed" size="sm">{t('asst.staff.hint')}</Text>
      {patientId && <Anchor component={Link} to={`/patients/${patientId}`} size="sm" data-testid="staff-patient">{t('asst.pt.patientSet', { id: patientId.slice(-8) })}</Anchor>}
      <Group align="flex-end">
        <Select label={t('asst.admin.facility')} value={facilityId} onChange={setFacilityId} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} w={320} />
      </Group>
      <Group align="flex-end" wrap="nowrap">
        <TextInput style={{ flex: 1 }} label={t('asst.staff.question')} value={q} maxLength={2000} onChange={(e) => setQ(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter') void ask(); }} data-testid="staff-q" />
        <Button onClick={() => ask()} loading={busy}>{t('asst.chat.send')}</Button>
      </Group>
      <Group gap="xs">
        {[...(patientId ? ['asst.staff.ex.summary', 'asst.staff.ex.referral'] : []), 'asst.staff.ex.news2', 'asst.staff.ex.queue', 'asst.staff.ex.incident'].map((k) => (
          <Button key={k} size="xs" variant="light" onClick={() => { setQ(t(k)); void ask(t(k)); }}>{t(k)}</Button>
        ))}
      </Group>
      {error && <Text c="red">{error}</Text>}
      {a && (
        <Card withBorder data-testid="staff-answer">
          {a.summary ? <SummaryView summary={a.summary} /> : a.referralDraft ? <DraftEditor key={a.referralDraft.suggestionId} draft={a.referralDraft} /> : <Text style={{ whiteSpace: 'pre-line' }}>{a.answer}</Text>}
          {a.patients.length > 0 && (
            <Table mt="sm">
              <Table.Thead><Table.Tr><Table.Th>{t('asst.staff.patient')}</Table.Th><Table.Th>NEWS2</Table.Th><Table.Th>{t('asst.staff.at')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {a.patients.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td><Anchor component={Link} to={`/patients/${p.id}`}>{p.fullName}</Anchor></Table.Td>
                    <Table.Td>{p.score}</Table.Td>
                    <Table.Td>{formatDateTime(p.at, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {a.citations.map((c, i) => (
            <Text key={i} size="sm" c="dimmed" mt={6}>{c.heading}: “{c.quote}”</Text>
          ))}
        </Card>
      )}
    </Stack>
  );
}
