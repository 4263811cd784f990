/** The facility's name and settings, and the imaging first-impression guard (issue 15, points 6 and 8). */
import { Alert, Button, Card, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { adminApi, type SettingsDoc } from './api.ts';

export function SettingsPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const facilities = user?.facilities ?? [];
  const [facilityId, setFacilityId] = useState<string | null>(facilities[0]?.id ?? null);
  const [doc, setDoc] = useState<SettingsDoc | null>(null);
  const [firstImpression, setFirstImpression] = useState<boolean | null>(null);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!facilityId) return;
    adminApi.settings(facilityId).then(setDoc).catch(() => setDoc(null));
    adminApi.imagingSettings(facilityId).then((s) => setFirstImpression(s.firstImpressionRequired)).catch(() => setFirstImpression(null));
  }, [facilityId]);
  if (!doc || !facilityId) return <Title order={2}>{t('admin.settings.title')}</Title>;
  const set = (k: keyof SettingsDoc['settings'], v: string | boolean) => setDoc({ ...doc, settings: { ...doc.settings, [k]: v } });
  const save = async () => {
    setBusy(true);
    try {
      setDoc(await adminApi.saveSettings(facilityId, { name: doc.name, settings: doc.settings }));
      if (firstImpression !== null) await adminApi.saveImagingSettings(facilityId, firstImpression);
      setError(null);
      notifications.show({ color: 'teal', message: t('admin.settings.saved') });
    } catch (e) {
      setError(e instanceof ApiError ? { field: e.field, text: e.text(lang) } : { text: t('error.generic') });
    } finally {
      setBusy(false);
    }
  };
  const err = (f: string) => (error?.field === f ? error.text : undefined);
  return (
    <Stack data-testid="admin-settings" maw={720}>
      <Title order={2}>{t('admin.settings.title')}</Title>
      {facilities.length > 1 && <Select label={t('admin.settings.facility')} data={facilities.map((f) => ({ value: f.id, label: f.name }))} value={facilityId} onChange={setFacilityId} allowDeselect={false} />}
      <Card withBorder>
        <Stack>
          <TextInput label={t('admin.settings.name')} withAsterisk value={doc.name} onChange={(e) => setDoc({ ...doc, name: e.currentTarget.value })} error={err('name')} data-testid="admin-settings-name" />
          <TextInput label={t('admin.settings.phone')} inputMode="tel" value={doc.settings.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={err('settings.phone')} data-testid="admin-settings-phone" />
          <TextInput label={t('admin.settings.emergency')} description={t('admin.settings.emergencyHint')} inputMode="numeric" value={doc.settings.emergencyNumber} onChange={(e) => set('emergencyNumber', e.currentTarget.value)} error={err('settings.emergencyNumber')} data-testid="admin-settings-emergency" />
          <TextInput label={t('admin.settings.dpo')} description={t('admin.settings.dpoHint')} value={doc.settings.dataProtectionContact} onChange={(e) => set('dataProtectionContact', e.currentTarget.value)} data-testid="admin-settings-dpo" />
          <Switch label={t('admin.settings.sound')} checked={doc.settings.alertSoundDefault} onChange={(e) => set('alertSoundDefault', e.currentTarget.checked)} data-testid="admin-settings-sound" />
          {firstImpression !== null && (
            <Switch label={t('admin.settings.firstImpression')} description={t('admin.settings.firstImpressionHint')} checked={firstImpression} onChange={(e) => setFirstImpression(e.currentTarget.checked)} data-testid="admin-settings-first-impression" />
          )}
          {error && !error.field && <Alert color="red">{error.text}</Alert>}
          <Text size="xs" c="dark.4">{doc.updatedAt ? t('admin.settings.updated', { at: formatDateTime(doc.updatedAt) }) : t('admin.settings.never')}</Text>
          <Button onClick={save} loading={busy} w="fit-content" data-testid="admin-settings-save">{t('admin.users.save')}</Button>
        </Stack>
      </Card>
    </Stack>
  );
}
