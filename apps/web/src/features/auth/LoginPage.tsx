import { Alert, Anchor, Box, Button, Center, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconActivityHeartbeat, IconAlertCircle, IconSearch, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Logo } from '../layout/Logo.tsx';
import { useAuth } from './AuthContext.tsx';

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login } = useAuth();
  // Kept as the error itself so that a language switch re-renders the message (messageVi/message).
  const [error, setError] = useState<ApiError | 'generic' | null>(null);
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
      setError(e instanceof ApiError ? e : 'generic');
    } finally {
      setBusy(false);
    }
  });

  const points = [
    { icon: IconSearch, key: 'login.hero1' },
    { icon: IconActivityHeartbeat, key: 'login.hero2' },
    { icon: IconShieldCheck, key: 'login.hero3' },
  ] as const;

  return (
    <Center mih="100vh" p="md" style={{ background: 'linear-gradient(160deg, var(--mantine-color-gray-0) 0%, var(--mantine-color-teal-0) 100%)' }}>
      <Paper w={880} maw="100%" radius="lg" withBorder shadow="md" style={{ overflow: 'hidden' }}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={0}>
          <Box
            visibleFrom="sm"
            p={40}
            c="white"
            style={{ background: 'linear-gradient(145deg, var(--mantine-color-teal-8) 0%, var(--mantine-color-cyan-7) 100%)' }}
          >
            <Stack h="100%" justify="space-between" gap="xl">
              <Stack gap="lg">
                <Text fw={800} fz={30} lh={1}>{t('app.name')}</Text>
                <Title order={2} fw={700} lh={1.25} c="white">{t('login.heroTitle')}</Title>
                <Stack gap="md">
                  {points.map((p) => (
                    <Group key={p.key} gap="sm" wrap="nowrap" align="flex-start">
                      <ThemeIcon variant="white" color="teal" radius="xl" size={30}>
                        <p.icon size={17} />
                      </ThemeIcon>
                      <Text size="sm" lh={1.45} style={{ opacity: 0.95 }}>{t(p.key)}</Text>
                    </Group>
                  ))}
                </Stack>
              </Stack>
              <Text size="xs" style={{ opacity: 0.8 }}>{t('login.footer')}</Text>
            </Stack>
          </Box>
          <Box p={40}>
            <form onSubmit={submit} noValidate>
              <Stack>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Logo size="lg" />
                  <Anchor component="button" type="button" size="sm" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} data-testid="lang-switch">
                    {t('lang.switch')}
                  </Anchor>
                </Group>
                <div>
                  <Title order={3} mt="md">{t('login.title')}</Title>
                  <Text c="dimmed" size="sm">{t('login.subtitle')}</Text>
                </div>
                {error && (
                  <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="login-error">
                    {error === 'generic' ? t('error.generic') : error.text(lang)}
                  </Alert>
                )}
                <TextInput label={t('login.username')} autoComplete="username" autoFocus data-testid="login-username" {...form.getInputProps('username')} />
                <PasswordInput label={t('login.password')} autoComplete="current-password" data-testid="login-password" {...form.getInputProps('password')} />
                <Button type="submit" loading={busy} fullWidth mt="xs" data-testid="login-submit">
                  {t('login.submit')}
                </Button>
                <Text size="xs" c="dimmed" ta="center">{t('login.demo')}</Text>
              </Stack>
            </form>
          </Box>
        </SimpleGrid>
      </Paper>
    </Center>
  );
}
