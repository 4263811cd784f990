/**
 * The live map without any tile server: facilities, no-fly zones, routes and drones drawn on a plain
 * equirectangular projection (x scaled by cos φ0) of the area they span, with a 0.05° grid, a
 * scale bar and a north arrow. Everything it draws comes from yte's own API.
 */
import { useI18n } from '../../i18n/index.tsx';
import { formatNumber } from '../../lib/decimal.ts';

export interface MapPad { id: string; facilityId: string; facilityName: string; facilityKind: string; lat: number; lon: number }
export interface MapZone { id: string; name: string; geometry: { coordinates: number[][][] } }
export interface MapFlight { id: string; state: string; path: number[][] | null; label: string; pos: { lat: number; lon: number; batteryPct: number; etaMinutes?: number } | null; alert: boolean; selected: boolean }

const W = 800;
const H = 560;

export function DroneMap({ pads, zones, flights, onSelect }: { pads: MapPad[]; zones: MapZone[]; flights: MapFlight[]; onSelect: (id: string) => void }) {
  const { t, lang } = useI18n();
  const pts: number[][] = [...pads.map((p) => [p.lon, p.lat]), ...flights.flatMap((f) => f.path ?? [])];
  for (const z of zones) for (const p of z.geometry.coordinates[0] ?? []) pts.push(p);
  if (pts.length === 0) return null;
  let [minLon, maxLon, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lon, lat] of pts) { minLon = Math.min(minLon, lon!); maxLon = Math.max(maxLon, lon!); minLat = Math.min(minLat, lat!); maxLat = Math.max(maxLat, lat!); }
  const padLon = Math.max(0.01, (maxLon - minLon) * 0.08);
  const padLat = Math.max(0.01, (maxLat - minLat) * 0.08);
  // More room on the right: facility names are written to the right of their marker.
  minLon -= padLon; maxLon += padLon * 3; minLat -= padLat; maxLat += padLat;
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = Math.min(W / ((maxLon - minLon) * k), H / (maxLat - minLat));
  const ox = (W - (maxLon - minLon) * k * scale) / 2;
  const oy = (H - (maxLat - minLat) * scale) / 2;
  const x = (lon: number) => ox + (lon - minLon) * k * scale;
  const y = (lat: number) => oy + (maxLat - lat) * scale;
  const line = (path: number[][]) => path.map((p, i) => `${i ? 'L' : 'M'}${x(p[0]!).toFixed(1)},${y(p[1]!).toFixed(1)}`).join(' ');
  const grid: number[] = [];
  for (let v = Math.ceil(minLon / 0.05) * 0.05; v <= maxLon; v += 0.05) grid.push(v);
  const gridLat: number[] = [];
  for (let v = Math.ceil(minLat / 0.05) * 0.05; v <= maxLat; v += 0.05) gridLat.push(v);
  // 5 km scale bar: 1° of latitude ≈ 111.2 km.
  const barKm = 5;
  const barPx = (barKm / 111.195) * scale;
  const stateColor = (s: string) => (s === 'in_flight' ? '#1c7ed6' : s === 'approved' ? '#2f9e44' : s === 'requested' ? '#f08c00' : '#868e96');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('drones.map')} data-testid="drone-map" style={{ background: '#f4f1ea', borderRadius: 8, display: 'block' }}>
      {grid.map((v) => <line key={`x${v}`} x1={x(v)} x2={x(v)} y1={0} y2={H} stroke="#d8d2c4" strokeWidth={1} />)}
      {gridLat.map((v) => <line key={`y${v}`} y1={y(v)} y2={y(v)} x1={0} x2={W} stroke="#d8d2c4" strokeWidth={1} />)}
      {grid.map((v) => <text key={`tx${v}`} x={x(v) + 3} y={H - 6} fontSize={11} fill="#6b6457">{formatNumber(v, lang, 2)}°E</text>)}
      {gridLat.map((v) => <text key={`ty${v}`} x={4} y={y(v) - 3} fontSize={11} fill="#6b6457">{formatNumber(v, lang, 2)}°N</text>)}
      {zones.map((z) => (
        <g key={z.id}>
          <path d={`${line(z.geometry.coordinates[0] ?? [])} Z`} fill="rgba(224,49,49,0.18)" stroke="#c92a2a" strokeWidth={1.5} strokeDasharray="5 3" />
          <text x={x(z.geometry.coordinates[0]![0]![0]!)} y={y(z.geometry.coordinates[0]![0]![1]!) + 14} fontSize={11} fill="#a61e1e">{z.name}</text>
        </g>
      ))}
      {flights.filter((f) => f.path && f.state !== 'cancelled' && f.state !== 'delivered').map((f) => (
        <path key={`r${f.id}`} d={line(f.path!)} fill="none" stroke={stateColor(f.state)} strokeWidth={f.selected ? 4 : 2.5} strokeDasharray={f.state === 'in_flight' ? undefined : '8 5'} opacity={0.85} style={{ cursor: 'pointer' }} onClick={() => onSelect(f.id)} />
      ))}
      {pads.map((p) => (
        <g key={p.id} transform={`translate(${x(p.lon)},${y(p.lat)})`}>
          {p.facilityKind === 'hospital'
            ? <g><rect x={-9} y={-9} width={18} height={18} rx={3} fill="#c92a2a" /><path d="M-2,-6h4v4h4v4h-4v4h-4v-4h-4v-4h4z" fill="#fff" /></g>
            : <circle r={8} fill="#0b7285" stroke="#fff" strokeWidth={2} />}
          <text x={12} y={4} fontSize={13} fontWeight={600} fill="#212529" stroke="#f4f1ea" strokeWidth={3} paintOrder="stroke">{p.facilityName}</text>
        </g>
      ))}
      {flights.filter((f) => f.pos && f.state === 'in_flight').map((f) => (
        <g key={`d${f.id}`} transform={`translate(${x(f.pos!.lon)},${y(f.pos!.lat)})`} style={{ cursor: 'pointer' }} onClick={() => onSelect(f.id)} data-testid="drone-marker">
          <circle r={11} fill={f.alert ? '#e03131' : '#1c7ed6'} stroke="#fff" strokeWidth={2} />
          <path d="M-5,0h10M0,-5v10" stroke="#fff" strokeWidth={2} />
          <text x={14} y={-6} fontSize={12} fontWeight={700} fill="#1864ab" stroke="#f4f1ea" strokeWidth={3} paintOrder="stroke">
            {f.label}{f.pos!.etaMinutes !== undefined ? ` · ${formatNumber(f.pos!.etaMinutes, lang)} ${t('drones.min')}` : ''} · {formatNumber(f.pos!.batteryPct, lang, 0)} %
          </text>
        </g>
      ))}
      <g transform={`translate(${W - barPx - 24},${H - 28})`}>
        <rect width={barPx} height={6} fill="#495057" />
        <text y={-4} fontSize={11} fill="#495057">{barKm} km</text>
      </g>
      <g transform={`translate(${W - 24},32)`}>
        <path d="M0,-16 L7,6 L0,1 L-7,6 Z" fill="#495057" />
        <text x={-4} y={20} fontSize={11} fill="#495057">N</text>
      </g>
    </svg>
  );
}
