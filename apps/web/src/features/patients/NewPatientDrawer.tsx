import { Anchor, Button, Drawer, Group, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError, post } from '../../api/client.ts';
import type { Patient } from '../../api/types.ts';
import { parseDayMonthYear } from '../../lib/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { AdminUnitPickers } from './AdminUnitPickers.tsx';

interface DuplicateWarning {
  code: 'DUPLICATE_CCCD';
  patientId: string;
  fullName: string;
  message?: string;
  messageVi?: string;
}

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
      fullName: '', sex: '', birthDate: '', cccd: '', bhyt: '', phone: '',
      province: facilities[0]?.province ?? '', commune: facilities[0]?.commune ?? '', addressLine: '', facilityId: facilities[0]?.id ?? '',
    },
    validate: {
      fullName: (v) => (v.trim().length >= 2 ? null : t('validation.required')),
      // No default: a wrong sex silently saved changes reference ranges, growth charts and screening.
      sex: (v) => (v ? null : t('validation.sexRequired')),
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
      const res = await post<{ patient: Patient; warnings: DuplicateWarning[] }>('/api/patients', body);
      for (const w of res.warnings) {
        // Saved, but another record has the same CCCD: say so loudly, with a way to compare.
        notifications.show({
          color: 'yellow',
          icon: <IconAlertTriangle size={18} />,
          autoClose: 15_000,
          title: t('patient.duplicateTitle'),
          message: (
            <div data-testid="duplicate-warning">
              <Text size="sm">{(lang === 'vi' ? w.messageVi : w.message) ?? t('patient.duplicateCccd', { name: w.fullName })}</Text>
              <Anchor component={Link} to={`/patients/${w.patientId}`} size="sm">{t('patient.openOther', { name: w.fullName })}</Anchor>
            </div>
          ),
        });
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
          <TextInput label={t('patient.fullName')} withAsterisk placeholder={t('patient.namePlaceholder')} data-testid="np-fullName" {...form.getInputProps('fullName')} />
          <SimpleGrid cols={2}>
            <Radio.Group label={t('patient.sex')} withAsterisk data-testid="np-sex" {...form.getInputProps('sex')}>
              <Group gap="md" mt={8}>
                {['female', 'male', 'other'].map((x) => <Radio key={x} value={x} label={t(`patient.sex.${x}`)} data-testid={`np-sex-${x}`} />)}
              </Group>
            </Radio.Group>
            <DateInput
              label={t('patient.birthDate')}
              withAsterisk
              valueFormat="DD/MM/YYYY"
              dateParser={parseDayMonthYear}
              placeholder={t('common.dateFormat')}
              maxDate={new Date()}
              defaultLevel="decade"
              data-testid="np-birthDate"
              {...form.getInputProps('birthDate')}
              onChange={(v) => form.setFieldValue('birthDate', v ?? '')}
            />
            <TextInput label={t('patient.cccd')} inputMode="numeric" maxLength={12} data-testid="np-cccd" {...form.getInputProps('cccd')} />
            <TextInput label={t('patient.bhyt')} maxLength={15} data-testid="np-bhyt" {...form.getInputProps('bhyt')} onChange={(e) => form.setFieldValue('bhyt', e.currentTarget.value.toUpperCase())} />
            <TextInput label={t('patient.phone')} inputMode="tel" data-testid="np-phone" {...form.getInputProps('phone')} />
            <Select label={t('patient.facility')} withAsterisk data={facilities.map((f) => ({ value: f.id, label: f.name }))} {...form.getInputProps('facilityId')} />
            <AdminUnitPickers
              province={form.values.province} commune={form.values.commune}
              onProvince={(v) => form.setFieldValue('province', v)} onCommune={(v) => form.setFieldValue('commune', v)}
              provinceError={form.errors.province} communeError={form.errors.commune}
            />
          </SimpleGrid>
          <TextInput label={t('patient.addressLine')} data-testid="np-addressLine" {...form.getInputProps('addressLine')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('visit.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="new-patient-save">{t('visit.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
