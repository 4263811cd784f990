/**
 * Teleconsultation screens: the hospital inbox (by due time, overdue flagged) and the station's sent
 * list; one consult with the record snapshot, attachments, the answer as a suggestion the station
 * accepts or overrides, and messages; the patient's panel with the request form (queued offline).
 */
import { Alert, Anchor, Badge, Button, Card, Checkbox, FileInput, Group, Image, Radio, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatNumber } from '../../lib/decimal.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { newClientRef, readOutbox, sendOrQueue, startOutbox } from './outbox.ts';

export interface Consult {
  id: string; patientId: string; patientName: string; fromFacilityName: string; toFacilityName: string; specialty: string; assignedToName: string | null;
  urgency: 'emergency' | 'urgent' | 'routine'; question: string; state: string; requestedByName: string | null; requestedAt: string; dueAt: string; targetMinutes: number;
  escalation: { level: number; minutesLate: number; minutesWaiting: number };
  answer: { advice: string; followUp: string | null; aiAssisted: boolean; answeredByName: string | null; answeredAt: string } | null;
  decision: { decision: 'accepted' | 'overridden'; reason: string | null; decidedAt: string } | null;
  cancelReason: string | null; attachmentCount: number; sides: string[]; nextStates: string[];
}
interface Obs { code: string; display: string; value: number | string | null; unit: string | null; at: string }
export interface ConsultDetail extends Consult {
  snapshot: { takenAt: string; patient: { fullName: string; sex: string; birthDate: string; ageYears: number; bhyt: string | null }; vitals: Obs[]; labs: Obs[]; news2: { score: number; band: string; source: string } | null; news2Missing: string[] };
  attachments: Array<{ id: string; kind: string; mediaType: string | null; fileName: string | null; sizeBytes: number | null; imagingStudyId: string | null; studyDescription: string | null; studyDate: string | null; note: string | null }>;
  messages: Array<{ id: string; authorName: string; body: string; sentAt: string }>;
  calls: Array<{ id: string; startedAt: string; endedAt: string | null; participants: Array<{ side: string }>; finalMode: string | null }>;
}

const URGENCY_COLOR = { emergency: 'red', urgent: 'orange', routine: 'blue' } as const;
const STATE_COLOR: Record<string, string> = { requested: 'orange', accepted: 'blue', answered: 'teal', closed: 'green', cancelled: 'gray' };

const minutesText = (m: number, lang: 'vi' | 'en') => {
  if (m < 60) return lang === 'vi' ? `${Math.round(m)} phút` : `${Math.round(m)} min`;
  if (m < 48 * 60) return lang === 'vi' ? `${formatNumber(m / 60, 'vi', 1)} giờ` : `${formatNumber(m / 60, 'en', 1)} h`;
  return lang === 'vi' ? `${formatNumber(m / 1440, 'vi', 1)} ngày` : `${formatNumber(m / 1440, 'en', 1)} days`;
};

export function UrgencyBadge({ u }: { u: Consult['urgency'] }) {
  const { t } = useI18n();
  return <Badge color={URGENCY_COLOR[u]}>{t(`tc.urgency.${u}`)}</Badge>;
}
export function ConsultStateBadge({ s }: { s: string }) {
  const { t } = useI18n();
  return <Badge variant="light" color={STATE_COLOR[s] ?? 'gray'}>{t(`tc.state.${s}`)}</Badge>;
}
function EscalationBadge({ c }: { c: Consult }) {
  const { t } = useI18n();
  if (c.escalation.level === 0) return null;
  return <Badge color="red" variant={c.escalation.level === 2 ? 'filled' : 'outline'} data-testid="tc-escalation">{t(c.escalation.level === 2 ? 'tc.late2' : 'tc.late1')}</Badge>;
}

const errText = (e: unknown, lang: 'vi' | 'en') => (e instanceof ApiError ? e.text(lang) : String(e));

export function TeleconsultListPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const facility = user?.facilities.find((f) => f.id === facilityId);
  const [list, setList] = useState<Consult[] | null>(null);
  const [openOnly, setOpenOnly] = useState('open');
  const load = useCallback(() => {
    if (!facility) return;
    const req = facility.kind === 'hospital' ? get<Consult[]>('/api/teleconsults/inbox', { facilityId: facility.id, open: openOnly === 'open' }) : get<Consult[]>('/api/teleconsults/sent', { facilityId: facility.id });
    req.then(setList, (e) => { setList([]); notifications.show({ color: 'red', message: errText(e, lang) }); });
  }, [facility, lang, openOnly]);
  useEffect(() => void load(), [load]);
  useEffect(() => { const i = setInterval(load, 30_000); return () => clearInterval(i); }, [load]);

  return (
    <>
      <Title order={2}>{facility?.kind === 'hospital' ? t('tc.inbox') : t('tc.sent')}</Title>
      <Group align="end" mb="sm">
        <Select maw={360} label={t('tc.facility')} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} value={facilityId} onChange={setFacilityId} allowDeselect={false} />
        {facility?.kind === 'hospital' && (
          <SegmentedControl value={openOnly} onChange={setOpenOnly} data={[{ value: 'open', label: t('tc.open') }, { value: 'done', label: t('tc.done') }]} />
        )}
      </Group>
      {list && list.length === 0 ? (
        <Card withBorder><Text c="dimmed">{t('tc.none')}</Text></Card>
      ) : list && (
        <Stack gap="xs" data-testid="tc-list">
          {list.map((c) => (
            <Card key={c.id} withBorder padding="sm" style={{ cursor: 'pointer' }} onClick={() => navigate(`/teleconsults/${c.id}`)} data-testid="tc-row">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs"><UrgencyBadge u={c.urgency} /><Text fw={600}>{c.patientName}</Text><ConsultStateBadge s={c.state} /><EscalationBadge c={c} /></Group>
                <Text size="sm" c="dimmed">{facility?.kind === 'hospital' ? c.fromFacilityName : c.toFacilityName} · {c.specialty}</Text>
              </Group>
              <Text size="sm" lineClamp={2}>{c.question}</Text>
              <Text size="xs" c="dimmed">
                {t('tc.waiting')}: {minutesText(c.escalation.minutesWaiting, lang)} · {t('tc.due')}: {formatDateTime(c.dueAt, lang)}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
    </>
  );
}

function ObsTable({ rows }: { rows: Obs[] }) {
  const { lang } = useI18n();
  if (!rows.length) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Table fz="sm">
      <Table.Tbody>
        {rows.map((o) => (
          <Table.Tr key={o.code}><Table.Td>{o.display}</Table.Td><Table.Td>{typeof o.value === 'number' ? formatNumber(o.value, lang) : o.value} {o.unit ?? ''}</Table.Td><Table.Td c="dimmed">{formatDateTime(o.at, lang)}</Table.Td></Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const toBase64 = (f: File) => new Promise<string>((resolve, reject) => {
  const r = new FileReader();
  r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
  r.onerror = () => reject(r.error);
  r.readAsDataURL(f);
});

export function ConsultDetailPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const [c, setC] = useState<ConsultDetail | null>(null);
  const [advice, setAdvice] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [aiAssisted, setAiAssisted] = useState(false);
  const [decision, setDecision] = useState<'accepted' | 'overridden'>('accepted');
  const [reason, setReason] = useState('');
  const [cancelReason, setCancelReason] = useState('');
  const [msg, setMsg] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const load = useCallback(() => {
    get<ConsultDetail>(`/api/teleconsults/${id}`).then(setC, (e) => notifications.show({ color: 'red', message: errText(e, lang) }));
  }, [id, lang]);
  useEffect(() => void load(), [load]);
  if (!c) return null;
  const side = c.sides.includes('consulting') ? 'consulting' : 'requesting';
  const move = async (to: string) => {
    const body: Record<string, unknown> = { to };
    if (to === 'answered') Object.assign(body, { advice, followUp: followUp || undefined, aiAssisted });
    if (to === 'closed') Object.assign(body, { decision, decisionReason: decision === 'overridden' ? reason : undefined });
    if (to === 'cancelled') body.cancelReason = cancelReason;
    try { await post(`/api/teleconsults/${c.id}/transition`, body); load(); } catch (e) { notifications.show({ color: 'red', message: errText(e, lang) }); }
  };
  const attach = async () => {
    if (!file) return;
    try {
      await post(`/api/teleconsults/${c.id}/attachments`, { kind: file.type === 'application/pdf' ? 'document' : 'photo', mediaType: file.type, fileName: file.name, dataBase64: await toBase64(file) });
      setFile(null); load();
    } catch (e) { notifications.show({ color: 'red', message: errText(e, lang) }); }
  };
  const send = async () => {
    try { await post(`/api/teleconsults/${c.id}/messages`, { body: msg }); setMsg(''); load(); } catch (e) { notifications.show({ color: 'red', message: errText(e, lang) }); }
  };
  const canCall = ['requested', 'accepted', 'answered'].includes(c.state);
  const row = (k: string, v: string | null) => <Text size="sm"><b>{t(k)}:</b> {v ?? '—'}</Text>;
  return (
    <Stack data-testid="tc-detail">
      <Anchor component={Link} to="/teleconsults" size="sm">← {t('tc.back')}</Anchor>
      <Card withBorder>
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs"><Title order={3}>{c.patientName}</Title><UrgencyBadge u={c.urgency} /><ConsultStateBadge s={c.state} /><EscalationBadge c={c} /></Group>
          {canCall && <Button component={Link} to={`/teleconsults/${c.id}/call`} data-testid="tc-call">{c.state === 'answered' ? t('tc.callBack') : t('tc.call')}</Button>}
        </Group>
        {row('tc.from', `${c.fromFacilityName} → ${c.toFacilityName} (${c.specialty})`)}
        {row('tc.requestedBy', `${c.requestedByName ?? '—'}, ${formatDateTime(c.requestedAt, lang)}`)}
        {row('tc.assignedTo', c.assignedToName ?? t('tc.anyDoctor'))}
        {row('tc.due', `${formatDateTime(c.dueAt, lang)} — ${t('tc.target')}: ${minutesText(c.targetMinutes, lang)}`)}
        <Text mt="xs" fw={600}>{t('tc.question')}</Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{c.question}</Text>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={5}>{t('tc.snapshot')} ({formatDateTime(c.snapshot.takenAt, lang)})</Title>
          <Text size="sm">{c.snapshot.patient.fullName}, {c.snapshot.patient.ageYears} · {c.snapshot.patient.sex} · BHYT {c.snapshot.patient.bhyt ?? '—'}</Text>
          <Text size="sm" mt="xs" fw={600}>{t('tc.news2')}: {c.snapshot.news2 ? `${c.snapshot.news2.score} (${c.snapshot.news2.band})` : t('tc.news2Missing')}</Text>
          <Text size="sm" fw={600} mt="xs">{t('tc.vitals')}</Text><ObsTable rows={c.snapshot.vitals} />
          <Text size="sm" fw={600} mt="xs">{t('tc.labs')}</Text><ObsTable rows={c.snapshot.labs} />
        </Card>
        <Card withBorder>
          <Title order={5}>{t('tc.attachments')}</Title>
          <Stack gap="xs">
            {c.attachments.map((a) => a.kind === 'imaging_study' ? (
              <Anchor key={a.id} component={Link} to={`/imaging/${a.imagingStudyId}`}>{t('tc.study')}: {a.studyDescription ?? a.imagingStudyId} {a.studyDate ?? ''}</Anchor>
            ) : a.mediaType?.startsWith('image/') ? (
              <Anchor key={a.id} href={`/api/teleconsults/${c.id}/attachments/${a.id}`} target="_blank"><Image src={`/api/teleconsults/${c.id}/attachments/${a.id}`} alt={a.fileName ?? ''} mah={180} fit="contain" /></Anchor>
            ) : (
              <Anchor key={a.id} href={`/api/teleconsults/${c.id}/attachments/${a.id}`} target="_blank">{a.fileName ?? a.id}</Anchor>
            ))}
          </Stack>
          {['requested', 'accepted', 'answered'].includes(c.state) && (
            <Group mt="sm" align="end">
              <FileInput label={t('tc.attach')} value={file} onChange={setFile} accept="image/jpeg,image/png,image/webp,application/pdf" clearable style={{ flex: 1 }} />
              <Button variant="light" disabled={!file} onClick={() => void attach()}>{t('tc.send')}</Button>
            </Group>
          )}
        </Card>
      </SimpleGrid>
      {c.answer && (
        <Card withBorder bg={c.decision ? undefined : 'yellow.0'} data-testid="tc-answer">
          <Title order={5}>{t('tc.answer')} — {c.answer.answeredByName}, {formatDateTime(c.answer.answeredAt, lang)}</Title>
          {!c.decision && <Text size="xs" c="dimmed">{t('tc.suggestion')}</Text>}
          <Text style={{ whiteSpace: 'pre-wrap' }}>{c.answer.advice}</Text>
          {c.answer.followUp && row('tc.followUp', c.answer.followUp)}
          {c.answer.aiAssisted && <Badge variant="outline" mt="xs">AI</Badge>}
          {c.decision && <Badge mt="xs" color={c.decision.decision === 'accepted' ? 'green' : 'orange'}>{t(`tc.decision.${c.decision.decision}`)}{c.decision.reason ? `: ${c.decision.reason}` : ''}</Badge>}
        </Card>
      )}
      {c.nextStates.length > 0 && (
        <Card withBorder>
          {c.nextStates.includes('answered') && (
            <Stack gap="xs">
              <Textarea label={t('tc.advice')} autosize minRows={3} value={advice} onChange={(e) => setAdvice(e.currentTarget.value)} data-testid="tc-advice" />
              <TextInput label={t('tc.followUp')} value={followUp} onChange={(e) => setFollowUp(e.currentTarget.value)} />
              <Checkbox label={t('tc.aiAssisted')} checked={aiAssisted} onChange={(e) => setAiAssisted(e.currentTarget.checked)} />
            </Stack>
          )}
          {c.nextStates.includes('closed') && (
            <Stack gap="xs">
              <Radio.Group value={decision} onChange={(v) => setDecision(v as 'accepted' | 'overridden')}>
                <Group><Radio value="accepted" label={t('tc.decide.accept')} /><Radio value="overridden" label={t('tc.decide.override')} /></Group>
              </Radio.Group>
              {decision === 'overridden' && <Textarea label={t('tc.decisionReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
            </Stack>
          )}
          {c.nextStates.includes('cancelled') && <Textarea mt="xs" label={t('tc.cancelReason')} value={cancelReason} onChange={(e) => setCancelReason(e.currentTarget.value)} />}
          <Group mt="sm">
            {c.nextStates.map((s) => (
              <Button key={s} color={s === 'cancelled' ? 'red' : undefined} variant={s === 'cancelled' ? 'light' : 'filled'} onClick={() => void move(s)} data-testid={`tc-to-${s}`}>{t(`tc.to.${s}`)}</Button>
            ))}
          </Group>
          {side === 'requesting' && c.nextStates.includes('closed') && <Text size="xs" c="dimmed" mt="xs">{t('tc.suggestion')}</Text>}
        </Card>
      )}
      <Card withBorder>
        <Title order={5}>{t('tc.messages')}</Title>
        <Stack gap={4} data-testid="tc-messages">
          {c.messages.map((m) => <Text key={m.id} size="sm"><b>{m.authorName}</b> <Text span c="dimmed" size="xs">{formatDateTime(m.sentAt, lang)}</Text>: {m.body}</Text>)}
        </Stack>
        <Group mt="xs" align="end">
          <TextInput label={t('tc.message')} value={msg} onChange={(e) => setMsg(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button variant="light" disabled={!msg.trim()} onClick={() => void send()}>{t('tc.send')}</Button>
        </Group>
        {c.calls.length > 0 && (
          <>
            <Text size="sm" fw={600} mt="sm">{t('tc.calls')}</Text>
            {c.calls.map((k) => <Text key={k.id} size="sm">{formatDateTime(k.startedAt, lang)} → {k.endedAt ? formatDateTime(k.endedAt, lang) : '…'} · {k.participants.length} · {k.finalMode ? t(`tc.call.mode.${k.finalMode}`) : ''}</Text>)}
          </>
        )}
      </Card>
    </Stack>
  );
}

interface Hospital { id: string; name: string; specialists: Array<{ id: string; fullName: string }> }

/** The patient's chart panel: consults for this patient, answers as suggestions, and the request form. */
export function PatientConsultsPanel({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const { t, lang } = useI18n();
  const { user, hasRole } = useAuth();
  const [list, setList] = useState<Consult[]>([]);
  const [queued, setQueued] = useState(0);
  const [open, setOpen] = useState(false);
  const [hospitals, setHospitals] = useState<Hospital[]>([]);
  const [form, setForm] = useState({ toFacilityId: '', assignedTo: '', specialty: '', urgency: 'urgent', question: '' });
  const [clientRef, setClientRef] = useState(newClientRef);
  const load = useCallback(() => {
    get<Consult[]>(`/api/patients/${patientId}/teleconsults`).then(setList, () => setList([]));
    setQueued(readOutbox().filter((q) => q.patientId === patientId).length);
  }, [patientId]);
  useEffect(() => void load(), [load, refreshKey]);
  useEffect(() => startOutbox(load), [load]);
  // The consult is sent from the patient's own station (one user may serve several stations).
  const [patientFacility, setPatientFacility] = useState<string | null>(null);
  useEffect(() => { get<{ patient?: { facilityId: string }; facilityId?: string }>(`/api/patients/${patientId}`).then((p) => setPatientFacility(p.patient?.facilityId ?? p.facilityId ?? null), () => undefined); }, [patientId]);
  const stationId = user?.facilities.find((f) => f.kind === 'station' && f.id === patientFacility)?.id;
  const canAsk = !!stationId && hasRole('station_staff', 'nurse', 'doctor');
  useEffect(() => { if (open && !hospitals.length) get<Hospital[]>('/api/teleconsults/hospitals').then(setHospitals, () => undefined); }, [open, hospitals.length]);
  if (!canAsk && list.length === 0) return null;
  const submit = async () => {
    try {
      const out = await sendOrQueue({ patientId, fromFacilityId: stationId, toFacilityId: form.toFacilityId, specialty: form.specialty, urgency: form.urgency, question: form.question, ...(form.assignedTo ? { assignedTo: form.assignedTo } : {}), clientRef });
      notifications.show({ color: out === 'queued' ? 'yellow' : 'green', message: t(out === 'queued' ? 'tc.queued' : 'tc.submitted') });
      setOpen(false); setClientRef(newClientRef()); setForm({ ...form, question: '' }); load();
    } catch (e) { notifications.show({ color: 'red', message: errText(e, lang) }); }
  };
  const hosp = hospitals.find((h) => h.id === form.toFacilityId);
  return (
    <Card withBorder data-testid="patient-teleconsults">
      <Group justify="space-between"><Title order={5}>{t('tc.panel')}</Title>{canAsk && !open && <Button size="xs" variant="light" onClick={() => setOpen(true)} data-testid="tc-new">{t('tc.new')}</Button>}</Group>
      {queued > 0 && <Alert color="yellow" mt="xs">{t('tc.queue')}: {queued} — {t('tc.queued')}</Alert>}
      {open && (
        <Stack gap="xs" mt="xs" data-testid="tc-form">
          <Select label={t('tc.hospital')} data={hospitals.map((h) => ({ value: h.id, label: h.name }))} value={form.toFacilityId || null} onChange={(v) => setForm({ ...form, toFacilityId: v ?? '', assignedTo: '' })} allowDeselect={false} />
          <Select label={t('tc.assignedTo')} placeholder={t('tc.anyDoctor')} clearable data={(hosp?.specialists ?? []).map((s) => ({ value: s.id, label: s.fullName }))} value={form.assignedTo || null} onChange={(v) => setForm({ ...form, assignedTo: v ?? '' })} />
          <TextInput label={t('tc.specialty')} placeholder={t('tc.specialtyHint')} value={form.specialty} onChange={(e) => setForm({ ...form, specialty: e.currentTarget.value })} />
          <Radio.Group label={t('tc.urgency')} value={form.urgency} onChange={(v) => setForm({ ...form, urgency: v })}>
            <Group>{(['emergency', 'urgent', 'routine'] as const).map((u) => <Radio key={u} value={u} label={t(`tc.urgency.${u}`)} />)}</Group>
          </Radio.Group>
          <Textarea label={t('tc.question')} autosize minRows={3} value={form.question} onChange={(e) => setForm({ ...form, question: e.currentTarget.value })} />
          <Group><Button onClick={() => void submit()} disabled={!form.toFacilityId || !form.specialty.trim() || !form.question.trim()}>{t('tc.submit')}</Button><Button variant="subtle" onClick={() => setOpen(false)}>{t('tc.back')}</Button></Group>
        </Stack>
      )}
      <Stack gap="xs" mt="xs">
        {list.map((c) => (
          <Card key={c.id} withBorder padding="xs" bg={c.answer && !c.decision ? 'yellow.0' : undefined}>
            <Group gap="xs"><UrgencyBadge u={c.urgency} /><ConsultStateBadge s={c.state} /><Anchor component={Link} to={`/teleconsults/${c.id}`} size="sm">{c.toFacilityName} · {c.specialty}</Anchor></Group>
            <Text size="sm" lineClamp={2}>{c.question}</Text>
            {c.answer && <Text size="sm" mt={4}><b>{t('tc.answer')}:</b> {c.answer.advice}</Text>}
            {c.answer && !c.decision && <Text size="xs" c="dimmed">{t('tc.suggestion')}</Text>}
            {c.decision && <Badge size="sm" color={c.decision.decision === 'accepted' ? 'green' : 'orange'}>{t(`tc.decision.${c.decision.decision}`)}</Badge>}
          </Card>
        ))}
      </Stack>
    </Card>
  );
}
