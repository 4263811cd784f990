import { ActionIcon, Badge, Divider, Group, Switch, Text, Tooltip } from '@mantine/core';
import { IconArrowsMaximize, IconContrast, IconEyeOff, IconHandStop, IconLock, IconRestore, IconZoomIn, IconZoomOut } from '@tabler/icons-react';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { type Finding, imagingApi } from './api.ts';
import { dragWindow, fit, pan, toScreen, type Viewport, zoomAt } from './viewport.ts';

const RENDER_SIZE = 1024;
const ZOOM_STEP = 1.25;

/** Box colours: confirmed green, rejected grey (dashed), proposed red above threshold, yellow below. */
export function boxStyle(f: Finding): { color: string; dashed: boolean } {
  if (f.status === 'accepted') return { color: '#40c057', dashed: false };
  if (f.status === 'overridden' || f.status === 'dismissed') return { color: '#adb5bd', dashed: true };
  return { color: f.output.positive ? '#ff6b6b' : '#fcc419', dashed: false };
}

interface Props {
  instanceId: string;
  /** Columns of the stored image (the boxes are in its pixels). */
  columns: number | null;
  rows: number | null;
  findings: Finding[];
  /** The AI marks may be shown (the first impression is recorded). */
  revealed: boolean;
  highlight: string | null;
  corners: { topLeft: ReactNode; topRight: ReactNode };
}

/**
 * The reading viewport: the server renders the DICOM through the imaging pipeline (window/level
 * applied there) into a PNG; this draws it on a canvas at device resolution with zoom about the
 * cursor, pan, window/level by dragging, and the AI boxes once revealed.
 */
export function ImageViewport({ instanceId, columns, rows, findings, revealed, highlight, corners }: Props) {
  const { t } = useI18n();
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<{ w: number; h: number; dpr: number } | null>(null);
  const [img, setImg] = useState<HTMLImageElement | null>(null);
  const [renders, setRenders] = useState(0);
  const [win, setWin] = useState<{ center: number; width: number } | undefined>(undefined);
  const [defaultWin, setDefaultWin] = useState<{ center: number; width: number } | undefined>(undefined);
  const [view, setView] = useState<Viewport | null>(null);
  const [fitted, setFitted] = useState(true);
  const [mode, setMode] = useState<'pan' | 'window'>('pan');
  const [overlay, setOverlay] = useState(true);
  const [boxesDrawn, setBoxesDrawn] = useState(0);
  const drag = useRef<{ x: number; y: number; window: boolean } | null>(null);
  const showOverlay = revealed && overlay;

  // Canvas at the element's size × devicePixelRatio (sharp lines and text).
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      setSize({ w: Math.max(1, Math.round(r.width)), h: Math.max(1, Math.round(r.height)), dpr: window.devicePixelRatio || 1 });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Fetch the rendering (debounced while the window is dragged); the previous object URL is released.
  useEffect(() => {
    const ctrl = new AbortController();
    let url: string | null = null;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(imagingApi.renderUrl(instanceId, { size: RENDER_SIZE, ...(win ? { wc: win.center, ww: win.width } : {}) }), { credentials: 'same-origin', signal: ctrl.signal });
        if (!res.ok) return;
        const hdr = res.headers.get('x-window');
        if (!win && hdr && /^-?[\d.]+\/[\d.]+$/.test(hdr)) {
          const [c, w] = hdr.split('/').map(Number);
          setDefaultWin({ center: c!, width: w! });
        }
        url = URL.createObjectURL(await res.blob());
        const im = new Image();
        im.onload = () => {
          if (ctrl.signal.aborted) return;
          setImg(im);
          setRenders((n) => n + 1);
        };
        im.src = url;
      } catch {
        /* aborted */
      }
    }, win ? 120 : 0);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
      if (url) setTimeout(() => URL.revokeObjectURL(url!), 1000);
    };
  }, [instanceId, win]);

  // Fit on first load and on resize until the reader zooms or pans.
  useEffect(() => {
    if (!img || !size || !fitted) return;
    setView(fit(img.width, img.height, size.w * size.dpr, size.h * size.dpr));
  }, [img, size, fitted]);

  useEffect(() => {
    const c = canvasRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !size) return;
    c.width = size.w * size.dpr;
    c.height = size.h * size.dpr;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, c.width, c.height);
    if (!img || !view) return;
    ctx.imageSmoothingEnabled = view.scale < 2;
    ctx.drawImage(img, view.x, view.y, img.width * view.scale, img.height * view.scale);
    let drawn = 0;
    if (showOverlay) {
      const k = columns ? img.width / columns : 1; // rendered pixels per stored pixel
      const px = size.dpr;
      ctx.font = `600 ${13 * px}px system-ui, sans-serif`;
      ctx.textBaseline = 'bottom';
      for (const f of findings) {
        const b = f.output.box;
        if (!b) continue;
        const { color, dashed } = boxStyle(f);
        const p = toScreen(view, b.x * k, b.y * k);
        const w = b.width * k * view.scale;
        const h = b.height * k * view.scale;
        ctx.setLineDash(dashed ? [6 * px, 4 * px] : []);
        ctx.lineWidth = (f.id === highlight ? 3.5 : 2) * px;
        ctx.strokeStyle = color;
        ctx.strokeRect(p.x, p.y, w, h);
        ctx.setLineDash([]);
        const label = `${f.output.label} ${(f.output.probability * 100).toFixed(0)}%`;
        const tw = ctx.measureText(label).width + 8 * px;
        const th = 18 * px;
        const ly = p.y - th >= 0 ? p.y - th : p.y + h;
        ctx.fillStyle = 'rgba(0,0,0,0.7)';
        ctx.fillRect(p.x, ly, tw, th);
        ctx.fillStyle = color;
        ctx.fillText(label, p.x + 4 * px, ly + th - 3 * px);
        drawn++;
      }
    }
    setBoxesDrawn(drawn);
  }, [img, view, size, findings, showOverlay, columns, highlight]);

  // Wheel zoom about the cursor; a native listener, so the page does not scroll as well.
  useEffect(() => {
    const c = canvasRef.current;
    if (!c) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = c.getBoundingClientRect();
      const sx = ((e.clientX - r.left) * c.width) / r.width;
      const sy = ((e.clientY - r.top) * c.height) / r.height;
      setFitted(false);
      setView((v) => (v ? zoomAt(v, sx, sy, e.deltaY < 0 ? 1.15 : 1 / 1.15) : v));
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  }, []);

  const zoomCentre = useCallback((factor: number) => {
    const c = canvasRef.current;
    if (!c) return;
    setFitted(false);
    setView((v) => (v ? zoomAt(v, c.width / 2, c.height / 2, factor) : v));
  }, []);

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, window: mode === 'window' || e.shiftKey };
  };
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (dx === 0 && dy === 0) return;
    drag.current = { ...d, x: e.clientX, y: e.clientY };
    if (d.window) {
      setWin((w) => {
        const base = w ?? defaultWin ?? { center: 128, width: 256 };
        return dragWindow(base, dx, dy, Math.max(0.5, base.width / 256));
      });
    } else {
      const k = size?.dpr ?? 1;
      setFitted(false);
      setView((v) => (v ? pan(v, dx * k, dy * k) : v));
    }
  };
  const endDrag = () => { drag.current = null; };
  const reset = () => { setWin(undefined); setFitted(true); };

  const cur = win ?? defaultWin;
  const zoomPct = img && view && size ? Math.round((100 * view.scale * (columns ? img.width / columns : 1)) / size.dpr) : null;
  const tool = (label: string, icon: ReactNode, onClick: () => void, testId: string, active = false) => (
    <Tooltip label={label} withArrow>
      <ActionIcon variant={active ? 'filled' : 'subtle'} color={active ? 'teal' : 'gray.3'} size="lg" onClick={onClick} aria-label={label} data-testid={testId} aria-pressed={active}>
        {icon}
      </ActionIcon>
    </Tooltip>
  );
  const corner = { position: 'absolute' as const, color: '#e9ecef', fontSize: 12, lineHeight: 1.45, textShadow: '0 0 3px #000, 0 0 2px #000', pointerEvents: 'none' as const };

  return (
    <div style={{ background: '#0b0f14', borderRadius: 8, overflow: 'hidden', border: '1px solid #1f2933' }}>
      <Group justify="space-between" px="xs" py={6} style={{ background: '#111820', borderBottom: '1px solid #1f2933' }} wrap="nowrap">
        <Group gap={2} wrap="nowrap">
          {tool(t('imaging.tool.pan'), <IconHandStop size={18} />, () => setMode('pan'), 'imaging-tool-pan', mode === 'pan')}
          {tool(t('imaging.tool.window'), <IconContrast size={18} />, () => setMode('window'), 'imaging-tool-window', mode === 'window')}
          <Divider orientation="vertical" color="#2c3a47" mx={4} />
          {tool(t('imaging.tool.zoomIn'), <IconZoomIn size={18} />, () => zoomCentre(ZOOM_STEP), 'imaging-zoom-in')}
          {tool(t('imaging.tool.zoomOut'), <IconZoomOut size={18} />, () => zoomCentre(1 / ZOOM_STEP), 'imaging-zoom-out')}
          {tool(t('imaging.tool.fit'), <IconArrowsMaximize size={18} />, () => setFitted(true), 'imaging-fit')}
          {tool(t('imaging.reset'), <IconRestore size={18} />, reset, 'imaging-reset')}
        </Group>
        {revealed && !findings.some((f) => f.output.box) ? (
          <Group gap={6} wrap="nowrap" data-testid="imaging-overlay-none">
            <IconEyeOff size={16} color="#adb5bd" />
            <Text size="sm" c="gray.4">{t('imaging.overlay.none')}</Text>
          </Group>
        ) : revealed ? (
          <Switch size="sm" color="teal" checked={overlay} onChange={(e) => setOverlay(e.currentTarget.checked)} data-testid="imaging-overlay"
            label={<Text size="sm" c="gray.3">{t('imaging.overlay')}</Text>} />
        ) : (
          <Tooltip label={t('imaging.overlay.locked')} withArrow multiline w={260}>
            <Group gap={6} wrap="nowrap" data-testid="imaging-overlay-locked">
              <IconLock size={16} color="#adb5bd" />
              <Text size="sm" c="gray.5">{t('imaging.overlay.hidden')}</Text>
            </Group>
          </Tooltip>
        )}
      </Group>
      <div ref={boxRef} style={{ position: 'relative', height: 'max(440px, calc(100vh - 300px))', background: '#000' }}>
        <canvas ref={canvasRef} data-testid="imaging-canvas"
          data-renders={renders} data-boxes={boxesDrawn} data-wc={cur ? Math.round(cur.center) : ''} data-ww={cur ? Math.round(cur.width) : ''}
          data-scale={view ? view.scale.toFixed(4) : ''} data-x={view ? view.x.toFixed(1) : ''} data-y={view ? view.y.toFixed(1) : ''}
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', cursor: mode === 'window' ? 'ns-resize' : drag.current ? 'grabbing' : 'grab', touchAction: 'none' }}
          onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={endDrag} onPointerCancel={endDrag} />
        <div style={{ ...corner, top: 8, left: 10 }}>{corners.topLeft}</div>
        <div style={{ ...corner, top: 8, right: 10, textAlign: 'right' }}>{corners.topRight}</div>
        <div style={{ ...corner, bottom: 8, left: 10, fontFamily: 'ui-monospace, monospace' }} data-testid="imaging-wl">
          {cur && <div>W {Math.round(cur.width)} · L {Math.round(cur.center)}</div>}
          {zoomPct !== null && <div>{t('imaging.zoom')} {zoomPct}%</div>}
        </div>
        <div style={{ ...corner, bottom: 8, right: 10, textAlign: 'right', fontFamily: 'ui-monospace, monospace' }}>
          {columns && rows ? <div>{columns} × {rows}</div> : null}
        </div>
        {!revealed && (
          <Badge pos="absolute" bottom={10} left="50%" style={{ transform: 'translateX(-50%)', pointerEvents: 'none' }} color="dark" variant="filled" size="lg" leftSection={<IconLock size={14} />}>
            {t('imaging.overlay.hidden')}
          </Badge>
        )}
      </div>
      <Text size="xs" c="gray.6" px="sm" py={6} style={{ background: '#111820', borderTop: '1px solid #1f2933' }}>{t('imaging.zoomHint')}</Text>
    </div>
  );
}
