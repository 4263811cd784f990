/** Asks a user whose password an admin set (new account, reset) to choose their own. */
import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ApiError, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';

export function PasswordBanner() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!user?.mustChangePassword || done) return null;
  const save = async () => {
    try {
      await post('/api/auth/password', { currentPassword: current, newPassword: next });
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : t('error.generic'));
    }
  };
  return (
    <Alert color="orange" title={t('admin.password.title')} data-testid="password-banner">
      <Stack gap="xs">
        <Text size="sm">{t('admin.password.body')}</Text>
        <Group align="flex-end" wrap="wrap">
          <PasswordInput label={t('admin.password.current')} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" data-testid="password-current" />
          <PasswordInput label={t('admin.password.new')} value={next} onChange={(e) => setNext(e.currentTarget.value)} autoComplete="new-password" data-testid="password-new" />
          <Button onClick={save} disabled={!current || !next} data-testid="password-save">{t('admin.password.save')}</Button>
        </Group>
        {error && <Text size="sm" c="red">{error}</Text>}
      </Stack>
    </Alert>
  );
}
