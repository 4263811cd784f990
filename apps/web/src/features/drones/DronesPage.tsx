/** Dispatch board and live map for drone transport: request, plan, approve, custody, alerts. */
import { Alert, Badge, Button, Card, Grid, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, get, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatNumber } from '../../lib/decimal.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { DroneMap, type MapPad, type MapZone } from './DroneMap.tsx';

interface Check { code: string; ok: boolean; message: string; messageVi: string }
interface Plan { ok: boolean; checks: Check[]; path: number[][]; straightKm: number; flightKm: number; etaMinutes: number | null; road: { km: number; etaMinutes: number }; savedMinutes: number | null; droneId: string }
interface Flight {
  id: string; fromFacilityId: string; fromFacilityName: string; toFacilityId: string; toFacilityName: string; patientName: string | null; cargo: string; priority: string; contents: string;
  weightKg: number; tempMinC: number | null; tempMaxC: number | null; boxCode: string; state: string; droneId: string | null; plan: Plan | null; planOk: boolean | null; custodyBreak: boolean;
  requestedAt: string; approvedBy: string | null; last: { at: string; lat: number; lon: number; batteryPct: number; tempC: number | null } | null;
}
interface Drone { id: string; model: string; status: string; batteryPct: number; maxPayloadKg: number; rangeKm: number }
interface DroneAlert { id: string; flightId: string; droneId: string; kind: string; message: string; messageVi: string; status: string; createdAt: string }
interface Board { flights: Flight[]; fleet: Drone[]; alerts: DroneAlert[] }
interface Custody { step: string; scannedCode: string; signedBy: string; at: string; tempC: number | null; breaks: string[] }
interface Live { lat: number; lon: number; batteryPct: number; etaMinutes?: number; tempC?: number | null }

const STATE_COLOR: Record<string, string> = { requested: 'orange', approved: 'green', in_flight: 'blue', landed: 'cyan', delivered: 'teal', cancelled: 'gray' };
const NEXT_STEP: Record<string, string[]> = { requested: ['packed'], approved: ['packed', 'loaded', 'launched'], in_flight: ['landed'], landed: ['received'] };

export function DronesPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const [board, setBoard] = useState<Board | null>(null);
  const [pads, setPads] = useState<MapPad[]>([]);
  const [zones, setZones] = useState<MapZone[]>([]);
  const [live, setLive] = useState<Record<string, Live>>({});
  const [liveOk, setLiveOk] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const fail = useCallback((e: unknown) => notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) }), [lang]);

  const load = useCallback(() => {
    if (!facilityId) return;
    get<Board>('/api/drone-flights', { facilityId }).then(setBoard, fail);
  }, [facilityId, fail]);
  useEffect(() => {
    get<MapPad[]>('/api/drone-pads').then(setPads, fail);
    get<MapZone[]>('/api/no-fly-zones').then(setZones, fail);
  }, [fail]);
  useEffect(() => {
    load();
    const poll = setInterval(load, 15_000);
    return () => clearInterval(poll);
  }, [load]);
  useEffect(() => {
    if (!facilityId || typeof EventSource === 'undefined') return;
    const es = new EventSource(`/api/drone-map/stream?facilityId=${facilityId}`);
    es.onopen = () => setLiveOk(true);
    es.onerror = () => setLiveOk(false);
    es.addEventListener('position', (ev) => {
      const d = JSON.parse((ev as MessageEvent).data) as Live & { flightId: string };
      setLive((l) => ({ ...l, [d.flightId]: d }));
    });
    es.addEventListener('alert', () => load());
    es.addEventListener('flight', () => load());
    return () => es.close();
  }, [facilityId, load]);

  const openAlertFlights = useMemo(() => new Set((board?.alerts ?? []).map((a) => a.flightId)), [board]);
  const flight = board?.flights.find((f) => f.id === selected) ?? null;
  const mapFlights = (board?.flights ?? []).map((f) => {
    const l = live[f.id];
    const pos = l ? { lat: l.lat, lon: l.lon, batteryPct: l.batteryPct, ...(l.etaMinutes !== undefined ? { etaMinutes: l.etaMinutes } : {}) } : f.last ? { lat: f.last.lat, lon: f.last.lon, batteryPct: f.last.batteryPct } : null;
    return { id: f.id, state: f.state, path: f.plan?.path ?? null, label: f.droneId ?? '', pos, alert: openAlertFlights.has(f.id), selected: f.id === selected };
  });
  const msg = (m: { message: string; messageVi: string }) => (lang === 'vi' ? m.messageVi : m.message);
  const ack = (id: string) => post(`/api/drone-alerts/${id}/acknowledge`).then(load, fail);

  return (
    <>
      <Group justify="space-between" align="end" mb="sm">
        <Title order={2}>{t('drones.title')}</Title>
        <Group>
          <Badge color={liveOk ? 'green' : 'gray'} variant="light" data-testid="live-badge">{liveOk ? t('drones.live') : t('drones.offline')}</Badge>
          <Select maw={320} aria-label={t('drones.facility')} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} value={facilityId} onChange={setFacilityId} />
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder p="xs">
            <DroneMap pads={pads} zones={zones} flights={mapFlights} onSelect={setSelected} />
            <Group gap="md" mt={6}>
              <Text size="xs"><span style={{ color: '#c92a2a' }}>■</span> {t('drones.legend.hospital')}</Text>
              <Text size="xs"><span style={{ color: '#0b7285' }}>●</span> {t('drones.legend.station')}</Text>
              <Text size="xs"><span style={{ color: '#c92a2a' }}>▨</span> {t('drones.legend.zone')}</Text>
              <Text size="xs"><span style={{ color: '#1c7ed6' }}>━</span> {t('drones.legend.route')}</Text>
            </Group>
            <Text size="xs" c="dimmed">{t('drones.mapNote')}</Text>
          </Card>
          {(board?.alerts.length ?? 0) > 0 && (
            <Card withBorder mt="sm" data-testid="drone-alerts">
              <Title order={4} mb="xs">{t('drones.alerts')}</Title>
              <Stack gap={6}>
                {board!.alerts.map((a) => (
                  <Alert key={a.id} color={a.kind === 'battery' || a.kind === 'geofence' ? 'red' : 'orange'} p="xs" title={`${t(`drones.alert.${a.kind}`)} · ${a.droneId} · ${formatDateTime(a.createdAt, lang)}`}>
                    <Group justify="space-between" gap="xs"><Text size="sm">{msg(a)}</Text><Button size="xs" variant="light" onClick={() => void ack(a.id)}>{t('drones.acknowledge')}</Button></Group>
                  </Alert>
                ))}
              </Stack>
            </Card>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {flight ? (
            <FlightCard f={flight} fleet={board?.fleet ?? []} live={live[flight.id]} onBack={() => setSelected(null)} onChanged={load} />
          ) : (
            <Stack>
              <Card withBorder>
                <Title order={4} mb="xs">{t('drones.flights')}</Title>
                {board && board.flights.length === 0 && <Text c="dimmed">{t('drones.none')}</Text>}
                <Table highlightOnHover data-testid="drone-flights">
                  <Table.Tbody>
                    {(board?.flights ?? []).map((f) => (
                      <Table.Tr key={f.id} style={{ cursor: 'pointer' }} onClick={() => setSelected(f.id)}>
                        <Table.Td>
                          <Text size="sm" fw={600}>{f.fromFacilityName} → {f.toFacilityName}</Text>
                          <Text size="xs" c="dimmed">{t(`drones.cargo.${f.cargo}`)} · {f.contents}</Text>
                          <Group gap={4} mt={2}>
                            <Badge size="sm" color={STATE_COLOR[f.state]}>{t(`drones.state.${f.state}`)}</Badge>
                            {f.priority !== 'routine' && <Badge size="sm" color="red" variant="outline">{t(`drones.priority.${f.priority}`)}</Badge>}
                            {f.planOk === false && f.state === 'requested' && <Badge size="sm" color="red" variant="light">{t('drones.roadEta')}</Badge>}
                            {f.plan?.etaMinutes != null && f.planOk && <Text size="xs" c="dimmed">{t('drones.eta')}: {formatNumber(f.plan.etaMinutes, lang)} {t('drones.min')} · {t('drones.roadEta')}: {formatNumber(f.plan.road.etaMinutes, lang)} {t('drones.min')}</Text>}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
              <RequestForm pads={pads} onCreated={(id) => { load(); setSelected(id); }} />
              <Card withBorder>
                <Title order={4} mb="xs">{t('drones.fleet')}</Title>
                {(board?.fleet ?? []).map((d) => (
                  <Group key={d.id} justify="space-between"><Text size="sm">{d.id} · {d.model}</Text><Group gap={6}><Text size="sm">{formatNumber(d.batteryPct, lang, 0)} %</Text><Badge variant="light" color={d.status === 'available' ? 'green' : d.status === 'in_flight' ? 'blue' : 'gray'}>{t(`drones.status.${d.status}`)}</Badge></Group></Group>
                ))}
              </Card>
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function RequestForm({ pads, onCreated }: { pads: MapPad[]; onCreated: (id: string) => void }) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const facilities = [...new Map(pads.map((p) => [p.facilityId, p.facilityName])).entries()].map(([value, label]) => ({ value, label }));
  const mine = new Set((user?.facilities ?? []).map((f) => f.id));
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [cargo, setCargo] = useState<string | null>('sample');
  const [priority, setPriority] = useState<string | null>('routine');
  const [contents, setContents] = useState('');
  const [weight, setWeight] = useState<number | string>(0.5);
  const [tmin, setTmin] = useState<number | string>(2);
  const [tmax, setTmax] = useState<number | string>(8);
  const send = async () => {
    try {
      const f = await post<Flight>('/api/drone-flights', {
        fromFacilityId: from, toFacilityId: to, cargo, priority, contents, weightKg: Number(weight),
        ...(tmin !== '' ? { tempMinC: Number(tmin) } : {}), ...(tmax !== '' ? { tempMaxC: Number(tmax) } : {}),
      });
      onCreated(f.id);
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });
    }
  };
  return (
    <Card withBorder data-testid="drone-request">
      <Title order={4} mb="xs">{t('drones.request')}</Title>
      <Stack gap="xs">
        <Group grow>
          <Select label={t('drones.from')} data={facilities.filter((f) => mine.has(f.value) || mine.has(to ?? ''))} value={from} onChange={setFrom} />
          <Select label={t('drones.to')} data={facilities.filter((f) => f.value !== from)} value={to} onChange={setTo} />
        </Group>
        <Group grow>
          <Select label={t('drones.cargo')} data={['sample', 'medicine', 'blood_product', 'vaccine', 'other'].map((v) => ({ value: v, label: t(`drones.cargo.${v}`) }))} value={cargo} onChange={setCargo} />
          <Select label={t('drones.priority')} data={['routine', 'urgent', 'emergency'].map((v) => ({ value: v, label: t(`drones.priority.${v}`) }))} value={priority} onChange={setPriority} />
        </Group>
        <TextInput label={t('drones.contents')} value={contents} onChange={(e) => setContents(e.currentTarget.value)} />
        <Group grow>
          <NumberInput label={t('drones.weight')} decimalSeparator={lang === 'vi' ? ',' : '.'} min={0} step={0.1} value={weight} onChange={setWeight} />
          <NumberInput label={t('drones.tempMin')} decimalSeparator={lang === 'vi' ? ',' : '.'} value={tmin} onChange={setTmin} />
          <NumberInput label={t('drones.tempMax')} decimalSeparator={lang === 'vi' ? ',' : '.'} value={tmax} onChange={setTmax} />
        </Group>
        <Button onClick={() => void send()} disabled={!from || !to || !contents.trim()}>{t('drones.send')}</Button>
      </Stack>
    </Card>
  );
}

function FlightCard({ f, fleet, live, onBack, onChanged }: { f: Flight; fleet: Drone[]; live: Live | undefined; onBack: () => void; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const [droneId, setDroneId] = useState<string | null>(f.droneId ?? fleet.find((d) => d.status === 'available')?.id ?? null);
  const [windFrom, setWindFrom] = useState<number | string>(f.plan ? 45 : 45);
  const [wind, setWind] = useState<number | string>(3);
  const [rain, setRain] = useState<number | string>(0);
  const [scan, setScan] = useState('');
  const [temp, setTemp] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [custody, setCustody] = useState<Custody[]>([]);
  const dec = lang === 'vi' ? ',' : '.';
  const refresh = useCallback(() => get<{ custody: Custody[] }>(`/api/drone-flights/${f.id}`).then((d) => setCustody(d.custody), () => setCustody([])), [f.id]);
  useEffect(() => void refresh(), [refresh, f.state]);
  const act = async (p: Promise<unknown>) => {
    try {
      await p;
      onChanged();
      void refresh();
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });
    }
  };
  const p = f.plan;
  const n = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '—' : formatNumber(v, lang, d));
  return (
    <Card withBorder data-testid="flight-card">
      <Button variant="subtle" size="xs" mb="xs" onClick={onBack}>{t('drones.back')}</Button>
      <Group justify="space-between"><Title order={4}>{f.fromFacilityName} → {f.toFacilityName}</Title><Badge color={STATE_COLOR[f.state]}>{t(`drones.state.${f.state}`)}</Badge></Group>
      <Text size="sm">{t(`drones.cargo.${f.cargo}`)} · {f.contents} · {n(f.weightKg, 2)} kg{f.tempMinC !== null ? ` · ${n(f.tempMinC)}–${n(f.tempMaxC)} °C` : ''}</Text>
      <Text size="sm">{t('drones.box')}: <b>{f.boxCode}</b>{f.patientName ? ` · ${t('drones.patient')}: ${f.patientName}` : ''}</Text>
      {f.custodyBreak && <Badge color="red" mt={4}>{t('drones.custodyBreak')}</Badge>}
      {live && f.state === 'in_flight' && (
        <Text size="sm" mt={4} data-testid="flight-live">{t('drones.battery')}: {n(live.batteryPct, 0)} % · {t('drones.remaining')}: {n(live.etaMinutes)} {t('drones.min')}{live.tempC !== undefined && live.tempC !== null ? ` · ${n(live.tempC)} °C` : ''}</Text>
      )}
      {p && (
        <Card withBorder mt="sm" p="xs" bg={p.ok ? 'green.0' : 'red.0'} data-testid="flight-plan">
          <Group gap="lg">
            <Text size="sm"><b>{t('drones.eta')}:</b> {n(p.etaMinutes)} {t('drones.min')} ({n(p.flightKm)} {t('drones.km')})</Text>
            <Text size="sm"><b>{t('drones.roadEta')}:</b> {n(p.road.etaMinutes)} {t('drones.min')} ({n(p.road.km)} {t('drones.km')})</Text>
            {p.savedMinutes !== null && p.ok && <Text size="sm"><b>{t('drones.saved')}:</b> {n(p.savedMinutes)} {t('drones.min')}</Text>}
          </Group>
          {!p.ok && <Text size="sm" fw={700} c="red.8" mt={4}>{t('drones.blocked')}</Text>}
          <Text size="sm" fw={600} mt={6}>{t('drones.checks')}</Text>
          {p.checks.map((c) => <Text key={c.code} size="sm" c={c.ok ? 'green.9' : 'red.8'}>{c.ok ? '✓' : '✗'} {lang === 'vi' ? c.messageVi : c.message}</Text>)}
        </Card>
      )}
      {f.state === 'requested' && (
        <Stack gap="xs" mt="sm">
          <Group grow>
            <Select allowDeselect={false} label={t('drones.drone')} data={fleet.map((d) => ({ value: d.id, label: `${d.id} (${t(`drones.status.${d.status}`)})` }))} value={droneId} onChange={setDroneId} />
            <NumberInput label={t('drones.windFrom')} min={0} max={360} value={windFrom} onChange={setWindFrom} />
          </Group>
          <Group grow>
            <NumberInput label={t('drones.wind')} decimalSeparator={dec} min={0} value={wind} onChange={setWind} />
            <NumberInput label={t('drones.rain')} decimalSeparator={dec} min={0} value={rain} onChange={setRain} />
          </Group>
          <Group>
            <Button variant="light" disabled={!droneId} onClick={() => void act(post(`/api/drone-flights/${f.id}/plan`, { droneId, windFromDeg: Number(windFrom), windMps: Number(wind), rainMmPerH: Number(rain) }))}>{t('drones.plan')}</Button>
            <Button disabled={!f.planOk} onClick={() => void act(post(`/api/drone-flights/${f.id}/approve`))}>{t('drones.approve')}</Button>
          </Group>
        </Stack>
      )}
      <Title order={5} mt="md">{t('drones.custody')}</Title>
      <Table>
        <Table.Tbody>
          {custody.map((c) => (
            <Table.Tr key={c.step}>
              <Table.Td>{t(`drones.step.${c.step}`)}</Table.Td><Table.Td>{formatDateTime(c.at, lang)}</Table.Td><Table.Td>{c.signedBy}</Table.Td>
              <Table.Td>{c.tempC !== null ? `${n(c.tempC)} °C` : ''}</Table.Td>
              <Table.Td>{c.breaks.length > 0 && <Badge color="red" size="xs">{c.breaks.join(', ')}</Badge>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {(NEXT_STEP[f.state] ?? []).length > 0 && (
        <Stack gap="xs" mt="xs">
          <Group grow>
            <TextInput label={t('drones.scan')} value={scan} onChange={(e) => setScan(e.currentTarget.value)} placeholder={f.boxCode} />
            <NumberInput label={t('drones.temp')} decimalSeparator={dec} value={temp} onChange={setTemp} />
          </Group>
          <Group>
            {(NEXT_STEP[f.state] ?? []).filter((s) => !custody.some((c) => c.step === s)).map((s) => (
              <Button key={s} size="xs" disabled={!scan.trim()} onClick={() => void act(post(`/api/drone-flights/${f.id}/custody`, { step: s, scannedCode: scan.trim(), ...(temp !== '' ? { tempC: Number(temp) } : {}) }))}>{t('drones.sign')}: {t(`drones.step.${s}`)}</Button>
            ))}
          </Group>
        </Stack>
      )}
      {(f.state === 'requested' || f.state === 'approved') && (
        <Group mt="sm" align="end">
          <TextInput label={t('drones.cancelReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button color="red" variant="light" disabled={!reason.trim()} onClick={() => void act(post(`/api/drone-flights/${f.id}/cancel`, { reason }))}>{t('drones.cancel')}</Button>
        </Group>
      )}
    </Card>
  );
}
