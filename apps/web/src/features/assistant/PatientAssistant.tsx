/**
 * Staff assistant for one patient: the extractive 48-hour summary (each sentence with the records it
 * was copied from) and the referral-letter draft (a suggestion: the doctor edits, then accepts or
 * dismisses it). Used on the patient page and in the staff assistant panel.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';

export interface SourceRef { type: string; id: string }
export interface Summary {
  patientId: string;
  hours: number;
  sentences: { section: string; en: string; vi: string; sources: SourceRef[]; flagged: boolean }[];
}
export interface LetterField { key: string; vi: string; en: string; sources: SourceRef[]; forDoctor: boolean }
export interface ReferralDraft {
  suggestionId: string;
  status: 'proposed';
  draft: { patientId: string; referralId: string | null; fields: LetterField[] };
  textVi: string;
  textEn: string;
}

const SECTIONS = ['patient', 'vitals', 'labs', 'alerts', 'suggestions', 'encounters', 'referrals'];

function Sources({ sources }: { sources: SourceRef[] }) {
  if (sources.length === 0) return null;
  return (
    <Group gap={4} mt={2} wrap="wrap">
      {sources.slice(0, 8).map((s) => (
        <Tooltip key={`${s.type}/${s.id}`} label={`${s.type}/${s.id}`}>
          <Badge size="xs" variant="outline" color="gray" data-source={`${s.type}/${s.id}`} style={{ textTransform: 'none' }}>
            {s.type} {s.id.slice(-6)}
          </Badge>
        </Tooltip>
      ))}
      {sources.length > 8 && <Badge size="xs" variant="outline" color="gray">+{sources.length - 8}</Badge>}
    </Group>
  );
}

export function SummaryView({ summary }: { summary: Summary }) {
  const { t, lang } = useI18n();
  return (
    <Stack gap="xs" data-testid="patient-summary">
      <Text size="xs" c="dimmed">{t('asst.pt.extractive')}</Text>
      {SECTIONS.map((sec) => {
        const xs = summary.sentences.filter((s) => s.section === sec);
        if (xs.length === 0) return null;
        return (
          <div key={sec}>
            {sec !== 'patient' && <Text fw={600} size="sm">{t(`asst.pt.sec.${sec}`)}</Text>}
            {xs.map((s, i) => (
              <div key={i} style={{ marginBottom: 4 }}>
                <Text size="sm" c={s.flagged ? 'red.8' : undefined} fw={s.flagged ? 600 : 400} data-flagged={s.flagged || undefined}>{s[lang]}</Text>
                <Sources sources={s.sources} />
              </div>
            ))}
          </div>
        );
      })}
    </Stack>
  );
}

export function DraftEditor({ draft, onDone }: { draft: ReferralDraft; onDone?: () => void }) {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(draft.draft.fields.map((f) => [f.key, f[lang]])));
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const doctor = hasRole('doctor');

  const decide = async (decision: 'accept' | 'dismiss') => {
    setBusy(true);
    setError(null);
    try {
      // The doctor edits in the language on screen; the other language keeps the draft's words unless
      // the field was empty or identical in both (then it takes what the doctor wrote).
      const other = lang === 'vi' ? 'en' : 'vi';
      const fields = draft.draft.fields.map((f) => {
        const v = values[f.key] ?? '';
        const changed = v !== f[lang];
        const otherValue = changed && (f.vi === f.en || f[other] === '') ? v : f[other];
        return { key: f.key, [lang]: v, [other]: otherValue } as { key: string; vi: string; en: string };
      });
      const r = await post<{ status: string; letter: { edited: string[] } | null }>(`/api/assistant/staff/referral-drafts/${draft.suggestionId}/decision`, decision === 'accept' ? { decision, fields } : { decision });
      setResult(r.letter ? t('asst.pt.accepted', { fields: r.letter.edited.map((k) => t(`asst.letter.${k}`)).join(', ') || t('asst.pt.none') }) : t('asst.pt.dismissed'));
      onDone?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="referral-draft">
      <Badge color="orange" size="lg" variant="filled" radius="sm" style={{ alignSelf: 'flex-start', whiteSpace: 'normal', height: 'auto', padding: '4px 8px' }}>{t('asst.pt.draft')}</Badge>
      {draft.draft.fields.map((f) => (
        <div key={f.key}>
          <Textarea
            label={t(`asst.letter.${f.key}`)}
            value={values[f.key] ?? ''}
            autosize
            minRows={1}
            maxRows={6}
            disabled={!!result}
            placeholder={f.forDoctor ? t('asst.pt.forDoctor') : undefined}
            styles={f.forDoctor && !values[f.key] ? { input: { borderColor: 'var(--mantine-color-orange-6)' } } : undefined}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setValues((x) => ({ ...x, [f.key]: v }));
            }}
            data-field={f.key}
          />
          <Sources sources={f.sources} />
        </div>
      ))}
      {error && <Alert color="red">{error}</Alert>}
      {result ? <Alert color="green" data-testid="draft-result">{result}</Alert> : (
        <Group>
          <Button onClick={() => decide('accept')} loading={busy} disabled={!doctor} data-testid="draft-accept">{t('asst.pt.accept')}</Button>
          <Button variant="default" onClick={() => decide('dismiss')} loading={busy} disabled={!doctor}>{t('asst.pt.dismiss')}</Button>
          {!doctor && <Text size="sm" c="dimmed">{t('asst.pt.onlyDoctor')}</Text>}
        </Group>
      )}
    </Stack>
  );
}

/** Patient page panel: two buttons, and what they return. */
export function PatientAssistantPanel({ patientId }: { patientId: string; refreshKey: number }) {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [draft, setDraft] = useState<ReferralDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'summary' | 'draft' | null>(null);
  if (!hasRole('station_staff', 'nurse', 'doctor', 'radiologist', 'facility_admin')) return null;

  const run = async (what: 'summary' | 'draft') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'summary') {
        setDraft(null);
        setSummary(await get<Summary>(`/api/assistant/staff/patients/${patientId}/summary`, { hours: 48 }));
      } else {
        setSummary(null);
        setDraft(await post<ReferralDraft>(`/api/assistant/staff/patients/${patientId}/referral-draft`, {}));
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card withBorder data-testid="patient-assistant">
      <Title order={5} mb="xs">{t('asst.pt.title')}</Title>
      <Group gap="xs" mb="sm">
        <Button size="xs" variant="light" onClick={() => run('summary')} loading={busy === 'summary'} data-testid="pt-summary">{t('asst.pt.summary')}</Button>
        {hasRole('station_staff', 'nurse', 'doctor') && (
          <Button size="xs" variant="default" onClick={() => run('draft')} loading={busy === 'draft'} data-testid="pt-referral">{t('asst.pt.referral')}</Button>
        )}
        <Anchor component={Link} to={`/staff-assistant?patientId=${patientId}`} size="xs">{t('asst.pt.openChat')}</Anchor>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {summary && <SummaryView summary={summary} />}
      {draft && <DraftEditor key={draft.suggestionId} draft={draft} />}
    </Card>
  );
}
