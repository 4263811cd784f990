import { Alert, Anchor, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Logo } from '../layout/Logo.tsx';
import { useAuth } from './AuthContext.tsx';

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: { username: (v) => (v.trim() ? null : t('validation.required')), password: (v) => (v ? null : t('validation.required')) },
  });

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : t('error.generic'));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)">
      <Paper w={400} p="xl" radius="md" withBorder shadow="sm">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between" align="flex-start">
              <Logo size="lg" />
              <Anchor component="button" type="button" size="sm" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} data-testid="lang-switch">
                {t('lang.switch')}
              </Anchor>
            </Group>
            <div>
              <Title order={3}>{t('login.title')}</Title>
              <Text c="dimmed" size="sm">{t('login.subtitle')}</Text>
            </div>
            {error && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="login-error">
                {error}
              </Alert>
            )}
            <TextInput label={t('login.username')} autoComplete="username" data-testid="login-username" {...form.getInputProps('username')} />
            <PasswordInput label={t('login.password')} autoComplete="current-password" data-testid="login-password" {...form.getInputProps('password')} />
            <Button type="submit" loading={busy} fullWidth data-testid="login-submit">
              {t('login.submit')}
            </Button>
            <Text size="xs" c="dimmed" ta="center">{t('login.demo')}</Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
