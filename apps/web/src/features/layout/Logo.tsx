import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconHeartbeat } from '@tabler/icons-react';
import { useI18n } from '../../i18n/index.tsx';

export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const { t } = useI18n();
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={size === 'lg' ? 40 : 32} radius="md" variant="gradient" gradient={{ from: 'teal.7', to: 'cyan.6', deg: 135 }}>
        <IconHeartbeat size={size === 'lg' ? 24 : 20} />
      </ThemeIcon>
      <div>
        <Text fw={800} size={size === 'lg' ? 'xl' : 'lg'} lh={1} c="teal.9">{t('app.name')}</Text>
        {/* The tagline is dropped on a phone (compact header). */}
        <Text size="xs" c="dark.4" lh={1.2} visibleFrom="xs">{t('app.tagline')}</Text>
      </div>
    </Group>
  );
}
