import { Alert, Anchor, Badge, Blockquote, Box, Button, Card, Grid, Group, Modal, Progress, Stack, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconDownload, IconEyeOff, IconSignature, IconUserQuestion, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { age, formatDate, formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { PatientPicker } from '../triage/PatientPicker.tsx';
import { type Finding, IMAGING_WRITE_ROLES, imagingApi, REPORTING_ROLES, type StudyView } from './api.ts';
import { boxStyle, ImageViewport } from './ImageViewport.tsx';
import { TrainingLockNotice } from '../training/TrainingLock.tsx';

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

function FindingRow({ f, locked, onDecided, onHover }: { f: Finding; locked: boolean; onDecided: () => void; onHover: (id: string | null) => void }) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decide = async (d: 'accept' | 'override' | 'dismiss') => {
    setBusy(true);
    try {
      await imagingApi.decide(f.id, d, d === 'override' ? reason.trim() : undefined);
      setError(null);
      onDecided();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const o = f.output;
  const color = o.positive ? (f.severity === 'urgent' || f.severity === 'emergency' ? 'red' : 'orange') : 'gray';
  const { color: boxColor } = boxStyle(f);
  return (
    <Card withBorder padding="xs" px="sm" radius="md" data-testid="imaging-finding" data-label={o.label} data-status={f.status}
      onMouseEnter={() => onHover(f.id)} onMouseLeave={() => onHover(null)}
      style={{ borderLeft: `4px solid ${o.box ? boxColor : 'var(--mantine-color-gray-3)'}` }}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Text fw={600} truncate>{o.label}</Text>
          <Badge color={color} variant={o.positive ? 'filled' : 'light'} size="sm" style={{ flexShrink: 0 }}>{pct(o.probability)}</Badge>
          {!o.box && <Tooltip label={t('imaging.finding.noBox')}><IconEyeOff size={14} color="var(--mantine-color-gray-5)" style={{ flexShrink: 0 }} /></Tooltip>}
        </Group>
        {f.status === 'proposed' && locked && <Badge variant="outline" color="gray" style={{ flexShrink: 0 }} data-testid="imaging-finding-decision">{t('imaging.decided.none')}</Badge>}
        {f.status !== 'proposed' && (
          <Badge variant="light" color={f.status === 'accepted' ? 'green' : 'gray'} style={{ flexShrink: 0 }} data-testid="imaging-finding-decision" leftSection={f.status === 'accepted' ? <IconCheck size={12} /> : <IconX size={12} />}>
            {t(`imaging.decided.${f.status}`)}
          </Badge>
        )}
      </Group>
      <Progress value={o.probability * 100} color={color} size={4} mt={6} radius="xl" />
      <Text size="xs" c="dimmed" mt={4} truncate>
        {t(o.positive ? 'imaging.finding.above' : 'imaging.finding.below', { threshold: `${(o.threshold * 100).toFixed(0)}%` })} · {f.toolId} {f.toolVersion}
      </Text>
      {f.status !== 'proposed' && f.reason && <Text size="xs" mt={6} c="dimmed" data-testid="imaging-finding-reason">{t('imaging.reason')}: {f.reason}</Text>}
      {f.status === 'proposed' && !locked && (
        <Group gap={6} mt={6}>
          <Button size="xs" color="green" variant="light" leftSection={<IconCheck size={14} />} loading={busy} onClick={() => decide('accept')} data-testid="imaging-finding-accept">{t('imaging.accept')}</Button>
          <Button size="xs" color="red" variant="light" leftSection={<IconX size={14} />} disabled={busy} onClick={() => setAsking(true)} data-testid="imaging-finding-override">{t('imaging.override')}</Button>
          <Button size="xs" variant="subtle" color="gray" disabled={busy} onClick={() => decide('dismiss')}>{t('imaging.dismiss')}</Button>
        </Group>
      )}
      {asking && f.status === 'proposed' && (
        <Group mt="xs" align="flex-end" wrap="nowrap">
          <TextInput flex={1} size="xs" label={t('imaging.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="imaging-finding-reason-input" autoFocus />
          <Button size="xs" color="red" disabled={!reason.trim()} loading={busy} onClick={() => decide('override')} data-testid="imaging-finding-override-confirm">{t('imaging.override.confirm')}</Button>
        </Group>
      )}
      {error && <Text c="red" size="xs" mt={4}>{error}</Text>}
    </Card>
  );
}

function MatchCard({ v, onMatched }: { v: StudyView; onMatched: (r: StudyView) => void }) {
  const { t, lang } = useI18n();
  const [patientId, setPatientId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const match = async () => {
    if (!patientId) return;
    setBusy(true);
    try {
      onMatched(await imagingApi.match(v.study.id, patientId));
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="md" data-testid="imaging-match">
      <Group gap="xs" mb={4}><IconUserQuestion size={18} color="var(--mantine-color-orange-7)" /><Title order={4}>{t('imaging.match.title')}</Title></Group>
      <Text size="sm" c="dimmed">{t('imaging.match.hint', { id: v.study.dicomPatientId ?? '?', name: v.study.dicomPatientName?.replace(/\^/g, ' ') ?? '?' })}</Text>
      <Group mt="sm" align="flex-end" wrap="nowrap">
        <div style={{ flex: 1 }}><PatientPicker facilityId={v.study.facilityId} value={patientId} onChange={setPatientId} label={t('imaging.match.patient')} placeholder={t('imaging.match.search')} testId="imaging-match-patient" /></div>
        <Button disabled={!patientId} loading={busy} onClick={match} data-testid="imaging-match-save">{t('imaging.match.save')}</Button>
      </Group>
      {error && <Text c="red" size="xs" mt={4}>{error}</Text>}
    </Card>
  );
}

export function ViewerPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [v, setV] = useState<StudyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [impression, setImpression] = useState('');
  const [report, setReport] = useState('');
  const [reportDirty, setReportDirty] = useState(false);
  const [confirmFinal, setConfirmFinal] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [instanceIdx, setInstanceIdx] = useState(0);
  const [highlight, setHighlight] = useState<string | null>(null);
  const canReport = !!user?.roles.some((r) => REPORTING_ROLES.includes(r));
  const canWrite = !!user?.roles.some((r) => IMAGING_WRITE_ROLES.includes(r));

  const show = useCallback((r: StudyView, keepDraft: boolean) => {
    setV(r);
    setError(null);
    // A reload after a decision must not overwrite the report the reader is typing.
    if (!keepDraft || r.report?.finalAt) {
      setReport(r.report?.text ?? '');
      setReportDirty(false);
    }
  }, []);
  const load = useCallback((keepDraft: boolean) => {
    imagingApi.study(id).then((r) => show(r, keepDraft)).catch((e) => setError(e instanceof ApiError ? e.text(lang) : String(e)));
  }, [id, lang, show]);
  useEffect(() => load(false), [load]);

  const act = (p: Promise<StudyView>, keepDraft = true) => p.then((r) => { show(r, keepDraft); return r; }).catch((e) => { setError(e instanceof ApiError ? e.text(lang) : String(e)); return null; });

  if (!v) return error ? <Alert color="red">{error}</Alert> : null;
  const s = v.study;
  const images = v.instances.filter((i) => i.rows !== null);
  const inst = images[instanceIdx] ?? images[0];
  const final = !!v.report?.finalAt;
  const findingsHere = v.findings.filter((f) => !inst || f.output.instanceId === inst.id);
  const accepted = v.findings.filter((f) => f.status === 'accepted');
  const patientTitle = s.patientName ?? (s.dicomPatientName?.replace(/\^/g, ' ') || t('imaging.unnamed'));
  const a = s.patientBirthDate ? age(s.patientBirthDate) : null;
  const ageText = a ? (a.years >= 2 ? `${a.years} ${t('imaging.years')}` : `${a.months} ${t('imaging.months')}`) : null;
  const sexText = s.patientSex ? t(`imaging.sex.${s.patientSex}`) : null;
  const guardBlocks = !v.findingsRevealed && v.firstImpressionRequired;

  const saveDraft = async () => {
    const r = await act(imagingApi.saveReport(id, report, false), false);
    if (r) setSavedAt(new Date().toISOString());
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to="/imaging" size="sm" c="dimmed"><Group gap={4} component="span"><IconArrowLeft size={14} />{t('imaging.back')}</Group></Anchor>
          <Group gap="sm" mt={2} wrap="nowrap">
            <Title order={2} data-testid="imaging-patient">{patientTitle}</Title>
            {[sexText, ageText].filter(Boolean).length > 0 && <Text c="dimmed">{[sexText, ageText].filter(Boolean).join(' · ')}</Text>}
            {s.matchState === 'unmatched' && <Badge color="yellow" variant="light">{t('imaging.unmatched')}</Badge>}
            <Badge variant="light" color={final ? 'green' : 'blue'} data-testid="imaging-study-status">{t(`imaging.status.${s.status}`)}</Badge>
          </Group>
          <Text c="dimmed" size="sm">
            {[s.description, s.modalities.join(', '), s.accessionNumber && `${t('imaging.accession')} ${s.accessionNumber}`, `${t('imaging.received')} ${formatDateTime(s.receivedAt, lang)}`].filter(Boolean).join(' · ')}
          </Text>
        </div>
        {images.length > 1 && (
          <Button.Group>
            {images.map((im, i) => <Button key={im.id} size="xs" variant={i === instanceIdx ? 'filled' : 'default'} onClick={() => setInstanceIdx(i)}>{t('imaging.image')} {i + 1}</Button>)}
          </Button.Group>
        )}
      </Group>
      {error && <Alert color="red" withCloseButton onClose={() => setError(null)} data-testid="imaging-error">{error}</Alert>}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {inst ? (
            <ImageViewport key={inst.id} instanceId={inst.id} columns={inst.columns} rows={inst.rows} revealed={v.findingsRevealed} highlight={highlight}
              findings={v.findingsRevealed ? findingsHere : []}
              corners={{
                topLeft: <><div style={{ fontWeight: 600 }}>{patientTitle}</div><div>ID {s.dicomPatientId ?? '—'}</div>{s.patientBirthDate && <div>{formatDate(s.patientBirthDate)}{sexText ? ` · ${sexText}` : ''}</div>}</>,
                topRight: <><div>{s.description ?? s.modalities.join(', ')}</div><div>{s.modalities.join(', ')}{inst.modality && !s.modalities.includes(inst.modality) ? ` ${inst.modality}` : ''}{s.accessionNumber ? ` · ${s.accessionNumber}` : ''}</div><div>{s.studyDate ? `${s.studyDate.slice(6, 8)}/${s.studyDate.slice(4, 6)}/${s.studyDate.slice(0, 4)}` : formatDateTime(s.receivedAt, lang)}</div></>,
              }} />
          ) : <Alert color="gray">{t('imaging.noImage')}</Alert>}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          {/* On wide screens the side panel scrolls by itself, level with the viewer, so the image never leaves the screen. */}
          <Box mah={{ lg: 'calc(100vh - 222px)' }} style={{ overflowY: 'auto' }} pr={{ lg: 4 }} data-testid="imaging-side">
            <Stack gap="md">
              {s.matchState === 'unmatched' && canWrite && <MatchCard v={v} onMatched={(r) => show(r, true)} />}
              <TrainingLockNotice locked={v.findingsLockedByTraining} />
              {!v.findingsRevealed ? (
                <Card withBorder radius="md" data-testid="imaging-guard">
                  <Title order={4}>{t('imaging.firstImpression')}</Title>
                  <Text size="sm" c="dimmed" mb="xs">{v.findingsWithheld > 0 ? t('imaging.firstImpression.hint', { n: v.findingsWithheld }) : t('imaging.firstImpression.hintNone')}</Text>
                  <Textarea autosize minRows={3} value={impression} placeholder={t('imaging.firstImpression.placeholder')} onChange={(e) => setImpression(e.currentTarget.value)} data-testid="imaging-first-impression" disabled={!canReport} />
                  <Button mt="xs" fullWidth disabled={!impression.trim() || !canReport} onClick={() => act(imagingApi.firstImpression(id, impression.trim()))} data-testid="imaging-first-impression-save">{t('imaging.firstImpression.save')}</Button>
                </Card>
              ) : (
                <Card withBorder radius="md" data-testid="imaging-findings">
                  <Group justify="space-between" align="baseline"><Title order={4}>{t('imaging.findings')}</Title><Text size="xs" c="dimmed">{t('imaging.aiNotice')}</Text></Group>
                  {v.report?.firstImpression && (
                    <Blockquote color="gray" p="xs" mt="xs" fz="sm" data-testid="imaging-first-impression-text">
                      <Text size="xs" c="dimmed" fw={600}>{t('imaging.firstImpression.recorded', { at: v.report.firstImpressionAt ? formatDateTime(v.report.firstImpressionAt, lang) : '' })}</Text>
                      {v.report.firstImpression}
                    </Blockquote>
                  )}
                  <Stack gap="xs" mt="xs">
                    {findingsHere.length === 0 && <Text c="dimmed" size="sm">{t('imaging.findings.none')}</Text>}
                    {findingsHere.map((f) => <FindingRow key={f.id} f={f} locked={final || !canReport} onDecided={() => load(true)} onHover={setHighlight} />)}
                  </Stack>
                </Card>
              )}
              <Card withBorder radius="md" data-testid="imaging-report-card">
                <Group justify="space-between" align="baseline">
                  <Title order={4}>{t('imaging.report')}</Title>
                  {!final && savedAt && !reportDirty && <Text size="xs" c="dimmed" data-testid="imaging-report-saved">{t('imaging.report.saved', { at: formatDateTime(savedAt, lang) })}</Text>}
                </Group>
                {final ? (
                  <Text mt="xs" p="sm" bg="gray.0" style={{ whiteSpace: 'pre-wrap', borderRadius: 6, border: '1px solid var(--mantine-color-gray-3)' }} data-testid="imaging-report-text">{v.report?.text ?? ''}</Text>
                ) : (
                  <Textarea mt="xs" autosize minRows={5} value={report} disabled={guardBlocks || !canReport} placeholder={guardBlocks ? t('imaging.report.afterImpression') : t('imaging.report.placeholder')}
                    onChange={(e) => { setReport(e.currentTarget.value); setReportDirty(true); }} data-testid="imaging-report" />
                )}
                {final ? (
                  <Stack gap={6} mt="sm">
                    <Group gap={6} wrap="nowrap" align="flex-start" data-testid="imaging-report-final">
                      <IconSignature size={18} color="var(--mantine-color-green-7)" style={{ flexShrink: 0 }} />
                      <Text size="sm" c="green.8" fw={500}>{t('imaging.report.signed', { who: v.report?.readerName ?? '', at: formatDateTime(v.report!.finalAt!, lang) })}</Text>
                    </Group>
                    <Group gap="xs">
                      <Button component="a" href={imagingApi.fhirUrl(id)} target="_blank" size="xs" variant="default" leftSection={<IconDownload size={14} />}>{t('imaging.export.fhir')}</Button>
                      {accepted.length > 0 && <Button component="a" href={imagingApi.srUrl(id)} size="xs" variant="default" leftSection={<IconDownload size={14} />}>{t('imaging.export.sr')}</Button>}
                      {accepted.some((f) => f.output.box) && <Button component="a" href={imagingApi.gspsUrl(id)} size="xs" variant="default" leftSection={<IconDownload size={14} />} data-testid="imaging-export-gsps">{t('imaging.export.gsps')}</Button>}
                    </Group>
                  </Stack>
                ) : (
                  <Group mt="sm" justify="space-between">
                    <Text size="xs" c="dimmed">{v.findingsRevealed && v.findings.length > 0 ? t('imaging.report.decided', { n: v.findings.filter((f) => f.status !== 'proposed').length, total: v.findings.length }) : ''}</Text>
                    <Group gap="xs">
                      <Button variant="default" disabled={guardBlocks || !canReport} onClick={saveDraft} data-testid="imaging-report-save">{t('imaging.report.save')}</Button>
                      <Button leftSection={<IconSignature size={16} />} disabled={!report.trim() || guardBlocks || !canReport} onClick={() => setConfirmFinal(true)} data-testid="imaging-report-sign">{t('imaging.report.final')}</Button>
                    </Group>
                  </Group>
                )}
              </Card>
            </Stack>
          </Box>
        </Grid.Col>
      </Grid>
      <Modal opened={confirmFinal} onClose={() => setConfirmFinal(false)} title={t('imaging.report.confirmTitle')} centered>
        <Text size="sm">{t('imaging.report.confirm')}</Text>
        {v.findings.some((f) => f.status === 'proposed') && (
          <Alert mt="sm" color="orange" variant="light" icon={<IconAlertTriangle size={16} />}>{t('imaging.report.undecided', { n: v.findings.filter((f) => f.status === 'proposed').length })}</Alert>
        )}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirmFinal(false)}>{t('imaging.cancel')}</Button>
          <Button leftSection={<IconSignature size={16} />} onClick={async () => { setConfirmFinal(false); await act(imagingApi.saveReport(id, report, true), false); }} data-testid="imaging-report-sign-confirm">{t('imaging.report.sign')}</Button>
        </Group>
      </Modal>
    </Stack>
  );
}
