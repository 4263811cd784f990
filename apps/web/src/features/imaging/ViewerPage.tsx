import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type Finding, imagingApi, type StudyView } from './api.ts';
import { dragWindow, fit, pan, toScreen, type Viewport, zoomAt } from './viewport.ts';

const RENDER_SIZE = 1024;

/** Canvas viewer: server-rendered PNG (window/level applied by the imaging pipeline), zoom, pan, AI boxes. */
function ImageCanvas({ instanceId, columns, findings, showOverlay }: { instanceId: string; columns: number | null; findings: Finding[]; showOverlay: boolean }) {
  const { t } = useI18n();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [img, setImg] = useState<HTMLImageElement | null>(null);
  const [win, setWin] = useState<{ center: number; width: number } | undefined>(undefined);
  const [defaultWin, setDefaultWin] = useState<{ center: number; width: number } | undefined>(undefined);
  const [view, setView] = useState<Viewport | null>(null);
  const drag = useRef<{ x: number; y: number; shift: boolean } | null>(null);

  // Fetch the rendering (debounced while the window is dragged).
  useEffect(() => {
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(imagingApi.renderUrl(instanceId, { size: RENDER_SIZE, ...(win ? { wc: win.center, ww: win.width } : {}) }), { credentials: 'same-origin', signal: ctrl.signal });
        if (!res.ok) return;
        const hdr = res.headers.get('x-window');
        if (!win && hdr && /^[-\d.]+\/[\d.]+$/.test(hdr)) {
          const [c, w] = hdr.split('/').map(Number);
          setDefaultWin({ center: c!, width: w! });
        }
        const url = URL.createObjectURL(await res.blob());
        const im = new Image();
        im.onload = () => setImg(im);
        im.src = url;
      } catch {
        /* aborted */
      }
    }, win ? 120 : 0);
    return () => { clearTimeout(timer); ctrl.abort(); };
  }, [instanceId, win]);

  useEffect(() => {
    const c = canvasRef.current;
    if (!c || !img || view) return;
    setView(fit(img.width, img.height, c.width, c.height));
  }, [img, view]);

  useEffect(() => {
    const c = canvasRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !img || !view) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.imageSmoothingEnabled = view.scale < 2;
    ctx.drawImage(img, view.x, view.y, img.width * view.scale, img.height * view.scale);
    if (!showOverlay) return;
    const k = columns ? img.width / columns : 1; // rendered pixels per original pixel
    ctx.lineWidth = 2;
    ctx.font = '14px sans-serif';
    for (const f of findings) {
      const b = f.output.box;
      if (!b) continue;
      const p = toScreen(view, b.x * k, b.y * k);
      ctx.strokeStyle = f.output.positive ? '#ff6b6b' : '#ffd43b';
      ctx.strokeRect(p.x, p.y, b.width * k * view.scale, b.height * k * view.scale);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillText(`${f.output.label} ${(f.output.probability * 100).toFixed(0)}%`, p.x, Math.max(14, p.y - 4));
    }
  }, [img, view, findings, showOverlay, columns]);

  const onWheel = (e: React.WheelEvent<HTMLCanvasElement>) => {
    if (!view) return;
    const r = e.currentTarget.getBoundingClientRect();
    const sx = ((e.clientX - r.left) * e.currentTarget.width) / r.width;
    const sy = ((e.clientY - r.top) * e.currentTarget.height) / r.height;
    setView(zoomAt(view, sx, sy, e.deltaY < 0 ? 1.15 : 1 / 1.15));
  };
  const onDown = (e: React.MouseEvent) => { drag.current = { x: e.clientX, y: e.clientY, shift: e.shiftKey }; };
  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d || !view) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    drag.current = { ...d, x: e.clientX, y: e.clientY };
    if (d.shift) {
      const base = win ?? defaultWin ?? { center: 128, width: 256 };
      setWin(dragWindow(base, dx, dy, Math.max(1, base.width / 256)));
    } else setView(pan(view, dx * (e.currentTarget.width / e.currentTarget.getBoundingClientRect().width), dy * (e.currentTarget.height / e.currentTarget.getBoundingClientRect().height)));
  };
  const cur = win ?? defaultWin;
  return (
    <Stack gap="xs">
      <canvas ref={canvasRef} width={900} height={900} data-testid="imaging-canvas"
        style={{ width: '100%', maxWidth: 900, aspectRatio: '1 / 1', background: '#000', cursor: 'grab', borderRadius: 4 }}
        onWheel={onWheel} onMouseDown={onDown} onMouseMove={onMove} onMouseUp={() => { drag.current = null; }} onMouseLeave={() => { drag.current = null; }} />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">{t('imaging.zoomHint')}</Text>
        <Group gap="xs">
          {cur && <Text size="xs">{t('imaging.window')}: {Math.round(cur.center)}/{Math.round(cur.width)}</Text>}
          <Button size="xs" variant="subtle" onClick={() => { setWin(undefined); setView(null); }}>{t('imaging.reset')}</Button>
        </Group>
      </Group>
    </Stack>
  );
}

function FindingRow({ f, onDecided }: { f: Finding; onDecided: () => void }) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decide = async (d: 'accept' | 'override' | 'dismiss') => {
    try {
      await imagingApi.decide(f.id, d, d === 'override' ? reason : undefined);
      onDecided();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  const color = f.severity === 'urgent' || f.severity === 'emergency' ? 'red' : f.severity === 'warning' ? 'orange' : 'gray';
  return (
    <Card withBorder padding="xs" data-testid="imaging-finding">
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text fw={600}>{f.output.label} <Badge color={color} variant="light">{(f.output.probability * 100).toFixed(1)}%</Badge></Text>
          <Text size="xs" c="dimmed">{t('imaging.threshold')} {(f.output.threshold * 100).toFixed(0)}% · {f.toolId} {f.toolVersion}</Text>
        </div>
        {f.status === 'proposed' ? (
          <Group gap={4} wrap="nowrap">
            <Button size="xs" color="green" variant="light" onClick={() => decide('accept')}>{t('imaging.accept')}</Button>
            <Button size="xs" color="red" variant="light" onClick={() => setAsking(true)}>{t('imaging.override')}</Button>
            <Button size="xs" variant="subtle" onClick={() => decide('dismiss')}>{t('imaging.dismiss')}</Button>
          </Group>
        ) : <Badge variant="outline">{t(`imaging.decided.${f.status}`)}</Badge>}
      </Group>
      {asking && f.status === 'proposed' && (
        <Group mt="xs" align="flex-end">
          <TextInput flex={1} size="xs" label={t('imaging.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button size="xs" color="red" disabled={!reason.trim()} onClick={() => decide('override')}>{t('imaging.override')}</Button>
        </Group>
      )}
      {error && <Text c="red" size="xs">{error}</Text>}
    </Card>
  );
}

export function ViewerPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const [v, setV] = useState<StudyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [overlay, setOverlay] = useState(true);
  const [impression, setImpression] = useState('');
  const [report, setReport] = useState('');
  const [instanceIdx, setInstanceIdx] = useState(0);

  const load = useCallback(() => {
    imagingApi.study(id).then((r) => { setV(r); setReport(r.report?.text ?? ''); setError(null); })
      .catch((e) => setError(e instanceof ApiError ? e.text(lang) : String(e)));
  }, [id, lang]);
  useEffect(load, [load]);

  const act = (p: Promise<StudyView>) => p.then((r) => { setV(r); setError(null); }).catch((e) => setError(e instanceof ApiError ? e.text(lang) : String(e)));

  if (!v) return error ? <Alert color="red">{error}</Alert> : null;
  const images = v.instances.filter((i) => i.rows !== null);
  const inst = images[instanceIdx] ?? images[0];
  const final = !!v.report?.finalAt;
  return (
    <>
      <Group justify="space-between">
        <div>
          <Title order={2}>{v.study.patientName ?? `${t('imaging.unmatched')}: ${v.study.dicomPatientId ?? '?'}`}</Title>
          <Text c="dimmed" size="sm">{v.study.description ?? v.study.modalities.join(', ')} · {v.study.accessionNumber ?? v.study.studyUid} · {formatDateTime(v.study.receivedAt, lang)}</Text>
        </div>
        <Group>
          {images.length > 1 && images.map((im, i) => <Button key={im.id} size="xs" variant={i === instanceIdx ? 'filled' : 'light'} onClick={() => setInstanceIdx(i)}>{i + 1}</Button>)}
          {v.findingsRevealed && <Checkbox label={t('imaging.overlay')} checked={overlay} onChange={(e) => setOverlay(e.currentTarget.checked)} data-testid="imaging-overlay" />}
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {inst ? <ImageCanvas key={inst.id} instanceId={inst.id} columns={inst.columns} findings={v.findingsRevealed ? v.findings.filter((f) => f.output.instanceId === inst.id) : []} showOverlay={overlay && v.findingsRevealed} /> : <Text c="dimmed">—</Text>}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            {!v.findingsRevealed ? (
              <Card withBorder>
                <Title order={4}>{t('imaging.firstImpression')}</Title>
                <Text size="sm" c="dimmed" mb="xs">{t('imaging.firstImpression.hint', { n: v.findingsWithheld })}</Text>
                <Textarea autosize minRows={3} value={impression} onChange={(e) => setImpression(e.currentTarget.value)} data-testid="imaging-first-impression" />
                <Button mt="xs" disabled={!impression.trim()} onClick={() => act(imagingApi.firstImpression(id, impression.trim()))}>{t('imaging.firstImpression.save')}</Button>
              </Card>
            ) : (
              <Card withBorder>
                <Group justify="space-between"><Title order={4}>{t('imaging.findings')}</Title><Text size="xs" c="dimmed">{t('imaging.aiNotice')}</Text></Group>
                {v.report?.firstImpression && <Text size="sm" mt="xs"><b>{t('imaging.firstImpression')}:</b> {v.report.firstImpression}</Text>}
                <Stack gap="xs" mt="xs">
                  {v.findings.length === 0 && <Text c="dimmed" size="sm">{t('imaging.findings.none')}</Text>}
                  {v.findings.filter((f) => !inst || f.output.instanceId === inst.id).map((f) => <FindingRow key={f.id} f={f} onDecided={load} />)}
                </Stack>
              </Card>
            )}
            <Card withBorder>
              <Title order={4}>{t('imaging.report')}</Title>
              <Textarea autosize minRows={4} value={report} disabled={final} onChange={(e) => setReport(e.currentTarget.value)} data-testid="imaging-report" />
              {final ? (
                <Group mt="xs" justify="space-between">
                  <Text size="sm" c="green">{t('imaging.report.finalAt', { at: formatDateTime(v.report!.finalAt!, lang) })}</Text>
                  <Group gap="xs">
                    <Anchor href={imagingApi.fhirUrl(id)} target="_blank" size="sm">{t('imaging.export.fhir')}</Anchor>
                    <Anchor href={imagingApi.srUrl(id)} size="sm">{t('imaging.export.sr')}</Anchor>
                  </Group>
                </Group>
              ) : (
                <Group mt="xs">
                  <Button variant="light" disabled={!v.findingsRevealed && v.firstImpressionRequired} onClick={() => act(imagingApi.saveReport(id, report, false))}>{t('imaging.report.save')}</Button>
                  <Button disabled={!report.trim() || (!v.findingsRevealed && v.firstImpressionRequired)} onClick={() => act(imagingApi.saveReport(id, report, true))}>{t('imaging.report.final')}</Button>
                </Group>
              )}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
