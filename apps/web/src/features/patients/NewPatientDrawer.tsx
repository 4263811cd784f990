import { Button, Drawer, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, post } from '../../api/client.ts';
import type { Patient } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}

export function NewPatientDrawer({ opened, onClose, onCreated }: Props) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [busy, setBusy] = useState(false);
  const facilities = user?.facilities ?? [];
  const form = useForm({
    initialValues: {
      fullName: '', sex: 'female', birthDate: '', cccd: '', bhyt: '', phone: '',
      province: facilities[0]?.province ?? '', commune: facilities[0]?.commune ?? '', addressLine: '', facilityId: facilities[0]?.id ?? '',
    },
    validate: {
      fullName: (v) => (v.trim().length >= 2 ? null : t('validation.required')),
      birthDate: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : t('validation.required')),
      cccd: (v) => (!v || /^\d{12}$/.test(v) ? null : t('validation.cccd')),
      bhyt: (v) => (!v || /^[A-Z]{2}[1-5]\d{12}$/.test(v) ? null : t('validation.bhyt')),
      phone: (v) => (!v || /^(0|\+84)\d{9,10}$/.test(v) ? null : t('validation.phone')),
      province: (v) => (v.trim() ? null : t('validation.required')),
      commune: (v) => (v.trim() ? null : t('validation.required')),
      facilityId: (v) => (v ? null : t('validation.required')),
    },
  });

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    try {
      const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== ''));
      const res = await post<{ patient: Patient; warnings: Array<{ code: string; fullName: string }> }>('/api/patients', body);
      for (const w of res.warnings) {
        notifications.show({ color: 'yellow', autoClose: 10_000, message: t('patient.duplicateCccd', { name: w.fullName }) });
      }
      notifications.show({ color: 'teal', message: t('patient.created') });
      form.reset();
      onCreated(res.patient.id);
    } catch (e) {
      if (e instanceof ApiError && e.field) form.setFieldError(e.field, e.text(lang));
      else notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : t('error.generic') });
    } finally {
      setBusy(false);
    }
  });

  return (
    <Drawer opened={opened} onClose={onClose} title={t('patients.new')} position="right" size="lg">
      <form onSubmit={submit} noValidate data-testid="new-patient-form">
        <Stack>
          <TextInput label={t('patient.fullName')} withAsterisk placeholder="Nguyễn Văn An" {...form.getInputProps('fullName')} />
          <SimpleGrid cols={2}>
            <Select label={t('patient.sex')} withAsterisk data={['female', 'male', 'other'].map((s) => ({ value: s, label: t(`patient.sex.${s}`) }))} {...form.getInputProps('sex')} />
            <TextInput label={t('patient.birthDate')} withAsterisk type="date" {...form.getInputProps('birthDate')} />
            <TextInput label={t('patient.cccd')} inputMode="numeric" maxLength={12} {...form.getInputProps('cccd')} />
            <TextInput label={t('patient.bhyt')} maxLength={15} {...form.getInputProps('bhyt')} onChange={(e) => form.setFieldValue('bhyt', e.currentTarget.value.toUpperCase())} />
            <TextInput label={t('patient.phone')} inputMode="tel" {...form.getInputProps('phone')} />
            <Select label={t('patient.facility')} withAsterisk data={facilities.map((f) => ({ value: f.id, label: f.name }))} {...form.getInputProps('facilityId')} />
            <TextInput label={t('patient.province')} withAsterisk {...form.getInputProps('province')} />
            <TextInput label={t('patient.commune')} withAsterisk {...form.getInputProps('commune')} />
          </SimpleGrid>
          <TextInput label={t('patient.addressLine')} {...form.getInputProps('addressLine')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('visit.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="new-patient-save">{t('visit.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
