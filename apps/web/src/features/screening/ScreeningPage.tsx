import {
  Alert, Anchor, Badge, Button, Card, Checkbox, Group, SegmentedControl, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPrinter } from '@tabler/icons-react';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client.ts';
import type { Patient } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { age, formatDate, formatDateTime } from '../../lib/format.ts';
import { formatNumber } from '../../lib/decimal.ts';
import { DecimalInput } from '../../lib/DecimalInput.tsx';
import { decimalOrUndefined, parseDecimal } from '../../lib/decimal.ts';
import { SuggestionCard } from '../suggestions/SuggestionCard.tsx';
import { GrowthChart } from './GrowthChart.tsx';
import { type GrowthPoint, type Kind, printText, type ScreeningCreated } from './types.ts';

type Values = Record<string, string | boolean>;
const KINDS: Kind[] = ['nutrition', 'tb', 'cvd', 'bmi'];

const num = (v: string | boolean | undefined) => (typeof v === 'boolean' ? undefined : decimalOrUndefined(v));
/** The number fields of the form: a filled one that is not a number stops the save (never sent as missing). */
const NUMERIC = ['weightKg', 'lengthOrHeightCm', 'muacMm', 'coughWeeks', 'cadScore', 'cadThreshold', 'systolicBP', 'diastolicBP', 'cholesterol', 'heightCm'];

/** Request body for each kind from the form values (empty fields are left out). */
function bodyFor(kind: Kind, v: Values): Record<string, unknown> {
  const put = (o: Record<string, unknown>, k: string, x: unknown) => {
    if (x !== undefined && x !== '') o[k] = x;
  };
  const b: Record<string, unknown> = {};
  if (kind === 'nutrition') {
    put(b, 'weightKg', num(v.weightKg));
    put(b, 'lengthOrHeightCm', num(v.lengthOrHeightCm));
    if (v.lengthOrHeightCm) b.measured = v.measured;
    put(b, 'muacMm', num(v.muacMm));
    b.oedema = !!v.oedema;
  } else if (kind === 'tb') {
    const symptoms: Record<string, unknown> = {};
    for (const s of ['cough', 'fever', 'weightLoss', 'nightSweats', 'poorWeightGain', 'tbContact']) symptoms[s] = !!v[`sym.${s}`];
    if (v['sym.cough']) put(symptoms, 'coughWeeks', num(v.coughWeeks));
    b.symptoms = symptoms;
    if (v.hiv) b.hiv = true;
    if (v.cadScore !== '' && v.cadScore !== undefined) b.cad = { score: num(v.cadScore), threshold: num(v.cadThreshold) };
  } else if (kind === 'cvd') {
    b.model = v.model;
    put(b, 'systolicBP', num(v.systolicBP));
    put(b, 'diastolicBP', num(v.diastolicBP));
    b.smoker = !!v.smoker;
    if (v.model === 'lab') {
      b.diabetes = !!v.diabetes;
      put(b, 'totalCholesterolMmolL', num(v.cholesterol));
    } else {
      put(b, 'weightKg', num(v.weightKg));
      put(b, 'heightCm', num(v.heightCm));
    }
  } else {
    put(b, 'weightKg', num(v.weightKg));
    put(b, 'heightCm', num(v.heightCm));
  }
  const followUp: Record<string, unknown> = {};
  if (v.apptAt) followUp.appointment = { at: new Date(String(v.apptAt)).toISOString(), ...(v.apptReason ? { reason: v.apptReason } : {}) };
  if (v.referTo) followUp.referral = { toFacility: v.referTo, ...(v.referNote ? { note: v.referNote } : {}) };
  if (Object.keys(followUp).length) b.followUp = followUp;
  return b;
}

const INITIAL: Values = { measured: 'recumbent', model: 'nonlab', cadThreshold: '50', cadScore: '' };

export function ScreeningPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t, lang } = useI18n();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [values, setValues] = useState<Values>(INITIAL);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<ScreeningCreated | null>(null);
  const [points, setPoints] = useState<GrowthPoint[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    get<Patient>(`/api/patients/${id}`).then((p) => {
      setPatient(p);
      // WHO: children under 2 years are measured lying down (length), from 2 years standing (height).
      setValues((v) => ({ ...v, measured: age(p.birthDate).months < 24 ? 'recumbent' : 'standing' }));
    }).catch(() => setPatient(null));
  }, [id]);
  const loadPoints = useCallback(() => {
    get<GrowthPoint[]>(`/api/patients/${id}/growth`).then(setPoints).catch(() => setPoints([]));
  }, [id]);
  useEffect(loadPoints, [loadPoints]);

  const months = patient ? age(patient.birthDate).months : 0;
  const kind = (params.get('kind') as Kind | null) ?? (months < 60 ? 'nutrition' : months >= 40 * 12 ? 'cvd' : 'tb');
  const setKind = (k: string | null) => {
    setParams(k ? { kind: k } : {});
    setResult(null);
    setErrors({});
  };
  const set = (k: string) => (v: string | number | boolean) => {
    setValues((s) => ({ ...s, [k]: typeof v === 'number' ? String(v) : v }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };
  const field = (k: string, label: string, _opts: { decimals?: number } = {}) => (
    <DecimalInput key={k} label={label} value={String(values[k] ?? '')} onChange={(v) => set(k)(v)} error={errors[k]} data-testid={`scr-${k}`} />
  );
  const check = (k: string, label: string) => (
    <Checkbox key={k} label={label} checked={!!values[k]} onChange={(e) => set(k)(e.currentTarget.checked)} data-testid={`scr-${k}`} />
  );

  const submit = async () => {
    if (!patient) return;
    const bad: Record<string, string> = {};
    for (const k of NUMERIC) {
      const v = values[k];
      if (typeof v !== 'string' || v.trim() === '') continue;
      const p = parseDecimal(v);
      if (!p.ok) bad[k] = t(p.reason === 'ambiguous' ? 'validation.decimalAmbiguous' : 'validation.number');
    }
    if (Object.keys(bad).length) {
      setErrors(bad);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const out = await post<ScreeningCreated>(`/api/screenings/${kind}`, { patientId: id, facilityId: patient.facilityId, ...bodyFor(kind, values) });
      setResult(out);
      notifications.show({ color: 'teal', message: t('scr.saved') });
      if (kind === 'nutrition') loadPoints();
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        const key = { 'cad.score': 'cadScore', 'cad.threshold': 'cadThreshold', totalCholesterolMmolL: 'cholesterol', 'followUp.appointment.at': 'apptAt', 'followUp.referral.toFacility': 'referTo', 'symptoms.coughWeeks': 'coughWeeks' }[e.field] ?? e.field;
        setErrors({ [key]: e.text(lang) });
        if (!['weightKg', 'lengthOrHeightCm', 'measured', 'muacMm', 'heightCm', 'systolicBP', 'diastolicBP', 'cadScore', 'cadThreshold', 'cholesterol', 'apptAt', 'referTo', 'coughWeeks'].includes(key)) {
          notifications.show({ color: 'red', message: e.text(lang) });
        }
      } else notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    } finally {
      setBusy(false);
    }
  };

  if (!patient) return null;
  const sex = patient.sex === 'other' ? null : patient.sex;
  const forms: Record<Kind, ReactNode> = {
    nutrition: (
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {field('weightKg', t('scr.weightKg'), { decimals: 2 })}
        {field('lengthOrHeightCm', t('scr.lengthOrHeightCm'))}
        <Stack gap={4}>
          <Text size="sm" fw={500}>{t('scr.measured')}</Text>
          <SegmentedControl value={String(values.measured)} onChange={set('measured')} data={[{ value: 'recumbent', label: t('scr.measured.recumbent') }, { value: 'standing', label: t('scr.measured.standing') }]} data-testid="scr-measured" />
          {errors.measured && <Text size="xs" c="red">{errors.measured}</Text>}
        </Stack>
        {field('muacMm', t('scr.muacMm'), { decimals: 0 })}
        {check('oedema', t('scr.oedema'))}
      </SimpleGrid>
    ),
    tb: (
      <Stack>
        <Text size="sm" fw={500}>{t('scr.symptoms')}</Text>
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          {['cough', 'fever', 'weightLoss', 'nightSweats', 'poorWeightGain', 'tbContact'].map((s) => check(`sym.${s}`, t(`scr.sym.${s}`)))}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {values['sym.cough'] ? field('coughWeeks', t('scr.coughWeeks'), { decimals: 0 }) : <div />}
          {field('cadScore', t('scr.cadScore'), { decimals: 0 })}
          {field('cadThreshold', t('scr.cadThreshold'), { decimals: 0 })}
        </SimpleGrid>
        {check('hiv', t('scr.hiv'))}
      </Stack>
    ),
    cvd: (
      <Stack>
        <SegmentedControl value={String(values.model)} onChange={set('model')} data={[{ value: 'nonlab', label: t('scr.model.nonlab') }, { value: 'lab', label: t('scr.model.lab') }]} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {field('systolicBP', t('scr.systolicBP'), { decimals: 0 })}
          {field('diastolicBP', t('scr.diastolicBP'), { decimals: 0 })}
          {values.model === 'lab' ? field('cholesterol', t('scr.cholesterol')) : field('weightKg', t('scr.weightKg'))}
          {values.model === 'lab' ? check('diabetes', t('scr.diabetes')) : field('heightCm', t('scr.heightCm'))}
          {check('smoker', t('scr.smoker'))}
        </SimpleGrid>
      </Stack>
    ),
    bmi: (
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {field('weightKg', t('scr.weightKg'))}
        {field('heightCm', t('scr.heightCm'))}
      </SimpleGrid>
    ),
  };

  return (
    <Stack>
      <Anchor component={Link} to={`/patients/${id}`} size="sm"><Group gap={4}><IconArrowLeft size={14} />{t('scr.back')}</Group></Anchor>
      <div>
        <Title order={2}>{t('scr.title')} · <span data-testid="scr-patient">{patient.fullName}</span></Title>
        <Text size="sm" c="dimmed">{formatDate(patient.birthDate, lang)} · {t(`patient.sex.${patient.sex}`)} · {months < 24 ? t('patient.ageMonths', { n: months }) : t('patient.ageYears', { n: Math.floor(months / 12) })}</Text>
      </div>
      <Tabs value={kind} onChange={setKind}>
        <Tabs.List>
          {KINDS.map((k) => <Tabs.Tab key={k} value={k} data-testid={`scr-tab-${k}`}>{t(`scr.kind.${k}`)}</Tabs.Tab>)}
        </Tabs.List>
      </Tabs>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Card withBorder padding="md">
          <form onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate data-testid="scr-form">
            <Stack>
              {forms[kind]}
              <Title order={5} mt="sm">{t('scr.followUp')}</Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput type="datetime-local" label={t('scr.appointmentAt')} value={String(values.apptAt ?? '')} onChange={(e) => set('apptAt')(e.currentTarget.value)} error={errors.apptAt} data-testid="scr-apptAt" />
                <TextInput label={t('scr.appointmentReason')} value={String(values.apptReason ?? '')} onChange={(e) => set('apptReason')(e.currentTarget.value)} />
                <TextInput label={t('scr.referTo')} value={String(values.referTo ?? '')} onChange={(e) => set('referTo')(e.currentTarget.value)} error={errors.referTo} data-testid="scr-referTo" />
                <Textarea label={t('scr.referNote')} autosize value={String(values.referNote ?? '')} onChange={(e) => set('referNote')(e.currentTarget.value)} />
              </SimpleGrid>
              <Group justify="flex-end"><Button type="submit" loading={busy} data-testid="scr-save">{t('scr.save')}</Button></Group>
            </Stack>
          </form>
        </Card>
        <Stack>
          {result && <ResultCard r={result} />}
          {kind === 'nutrition' && sex && (
            <Stack data-testid="growth-charts">
              <Title order={4}>{t('scr.growth')}</Title>
              <GrowthChart indicator="wfa" sex={sex} points={points} />
              <GrowthChart indicator="lhfa" sex={sex} points={points} />
              <GrowthChart indicator={months < 24 ? 'wfl' : 'wfh'} sex={sex} points={points} />
            </Stack>
          )}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

const SEV = { info: 'blue', warning: 'yellow', urgent: 'orange', emergency: 'red' } as const;

function ResultCard({ r }: { r: ScreeningCreated }) {
  const { t, lang } = useI18n();
  const s = r.screening;
  const z = s.kind === 'nutrition' ? (['waz', 'haz', 'whz', 'baz', 'muacz'] as const).filter((k) => s.result[k] !== null && s.result[k] !== undefined) : [];
  const counselling = r.counselling.map((c) => (lang === 'vi' ? c.vi : c.en));
  return (
    <Card withBorder padding="md" data-testid="scr-result">
      <Group justify="space-between">
        <Title order={4}>{t('scr.result')}</Title>
        {r.suggestion && <Badge color={SEV[r.suggestion.severity]}>{t(`sugg.severity.${r.suggestion.severity}`)}</Badge>}
      </Group>
      <Text fw={600} mt="xs" data-testid="scr-classification">{lang === 'vi' ? s.summaryVi : s.summary}</Text>
      {z.length > 0 && (
        <Group gap="xs" mt="xs">
          {z.map((k) => <Badge key={k} data-testid="scr-zscore" variant="light" color={Number(s.result[k]) < -2 ? 'red' : Number(s.result[k]) > 2 ? 'orange' : 'gray'}>{k.toUpperCase()} {formatNumber(Number(s.result[k]), lang, 2)}</Badge>)}
        </Group>
      )}
      {counselling.length > 0 && (
        <Alert mt="sm" color="blue" variant="light" title={t('scr.counselling')} data-testid="scr-counselling">
          <Stack gap={4}>{counselling.map((c, i) => <Text key={i} size="sm">{c}</Text>)}</Stack>
          <Button mt="xs" size="xs" variant="light" leftSection={<IconPrinter size={14} />} onClick={() => printText(t('scr.counselling'), `${lang === 'vi' ? s.summaryVi : s.summary}\n\n${counselling.map((c) => `- ${c}`).join('\n')}`)}>{t('scr.print')}</Button>
        </Alert>
      )}
      {r.appointment && <Text size="sm" mt="sm" data-testid="scr-appointment">{t('scr.appointmentBooked', { at: formatDateTime(r.appointment.scheduledAt, lang) })}</Text>}
      {r.referral && (
        <Button mt="sm" size="xs" variant="outline" leftSection={<IconPrinter size={14} />} onClick={() => printText('Referral', lang === 'vi' ? r.referral!.textVi : r.referral!.textEn)} data-testid="scr-print-referral">
          {t('scr.printReferral')}
        </Button>
      )}
      {r.suggestion && <Stack mt="sm"><SuggestionCard s={r.suggestion} canDecide onDecided={() => undefined} /></Stack>}
    </Card>
  );
}
