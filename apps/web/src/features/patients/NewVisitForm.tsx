import { Alert, Button, Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { ApiError, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DecimalInput } from '../../lib/DecimalInput.tsx';
import { decimalOrUndefined, formatNumber, parseDecimal } from '../../lib/decimal.ts';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { VITAL_FIELDS, type VitalKey } from './vitalRules.ts';

type Values = Record<VitalKey, number | string> & { type: string; reason: string; facilityId: string; consciousness: string | null; onOxygen: boolean };

export function NewVisitForm({ patientId, facilityId, onSaved, onCancel }: { patientId: string; facilityId: string; onSaved: () => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [busy, setBusy] = useState(false);
  const station = user?.facilities.find((f) => f.id === facilityId)?.kind === 'station';
  const draftKey = visitDraftKey(patientId);
  const [draft] = useState(() => loadDraft<Values>(draftKey, user?.id));
  const form = useForm<Values>({
    initialValues: draft ?? {
      type: station ? 'station' : 'outpatient', reason: '', facilityId, consciousness: null, onOxygen: false,
      ...(Object.fromEntries(VITAL_FIELDS.map((f) => [f.key, ''])) as Record<VitalKey, string>),
    },
    validate: (values) => {
      const errors: Record<string, string> = {};
      for (const f of VITAL_FIELDS) {
        const v = values[f.key];
        if (v === '' || v === undefined) continue;
        const p = parseDecimal(v);
        if (!p.ok) errors[f.key] = t(p.reason === 'ambiguous' ? 'validation.decimalAmbiguous' : 'validation.number');
        else if (p.value < f.min || p.value > f.max) errors[f.key] = t('validation.range', { min: formatNumber(f.min, lang), max: formatNumber(f.max, lang) });
        else if ('integer' in f && f.integer && !Number.isInteger(p.value)) errors[f.key] = t('validation.integer');
      }
      const s = decimalOrUndefined(values.systolicBP);
      const d = decimalOrUndefined(values.diastolicBP);
      if (s !== undefined && d !== undefined && !errors.diastolicBP && d >= s) errors.diastolicBP = t('validation.diastolic');
      return errors;
    },
  });

  // Every keystroke is kept until the visit is saved or cancelled.
  useEffect(() => {
    if (user && form.isDirty()) saveDraft(draftKey, user.id, form.values);
  }, [form.values, user, draftKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = form.onSubmit(async (v) => {
    if (user) saveDraft(draftKey, user.id, v);
    const vitals: Record<string, unknown> = {};
    for (const f of VITAL_FIELDS) if (v[f.key] !== '') vitals[f.key] = decimalOrUndefined(v[f.key]);
    if (v.consciousness) vitals.consciousness = v.consciousness;
    if (Object.keys(vitals).length > 0) vitals.onOxygen = v.onOxygen;
    setBusy(true);
    try {
      await post(`/api/patients/${patientId}/encounters`, {
        facilityId: v.facilityId, type: v.type, ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
        ...(Object.keys(vitals).length ? { vitals } : {}),
      });
      clearDraft(draftKey);
      notifications.show({ color: 'teal', message: t('visit.saved') });
      form.reset();
      onSaved();
    } catch (e) {
      // 401: the session expired; the login page shows in place and the draft brings this form back.
      if (e instanceof ApiError && e.status === 401) return;
      if (e instanceof ApiError && e.field) {
        // The server names the field, e.g. "vitals.pulse".
        form.setFieldError(e.field.replace(/^vitals\./, ''), e.text(lang));
      } else notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    } finally {
      setBusy(false);
    }
  });

  const num = (key: VitalKey, _step?: number) => (
    <DecimalInput key={key} label={t(`vital.${key}`)} data-testid={`vital-${key}`} {...form.getInputProps(key)} />
  );

  return (
    <form onSubmit={submit} noValidate data-testid="new-visit-form">
      <Stack>
        {draft && <Alert color="blue" variant="light" data-testid="draft-restored">{t('visit.draftRestored')}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('visit.type')}
            data={['outpatient', 'inpatient', 'emergency', 'station', 'home'].map((x) => ({ value: x, label: t(`visit.type.${x}`) }))}
            {...form.getInputProps('type')}
          />
          <TextInput label={t('visit.reason')} {...form.getInputProps('reason')} />
        </SimpleGrid>
        <Text fw={600} size="sm">{t('visit.vitals')}</Text>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }}>
          {num('respRate')}
          {num('spo2')}
          {num('pulse')}
          {num('systolicBP')}
          {num('diastolicBP')}
          {num('temperatureC', 0.1)}
          <Select
            label={t('vital.consciousness')}
            clearable
            data={['A', 'C', 'V', 'P', 'U'].map((c) => ({ value: c, label: t(`acvpu.${c}`) }))}
            data-testid="vital-consciousness"
            {...form.getInputProps('consciousness')}
          />
          {num('weightKg', 0.1)}
          {num('heightCm', 0.1)}
          {num('muacMm')}
        </SimpleGrid>
        <Checkbox label={t('vital.onOxygen')} {...form.getInputProps('onOxygen', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              clearDraft(draftKey);
              onCancel();
            }}
          >{t('visit.cancel')}</Button>
          <Button type="submit" loading={busy} data-testid="visit-save">{t('visit.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The sessionStorage key of a patient's unsaved visit. */
export const visitDraftKey = (patientId: string) => `visit.${patientId}`;
