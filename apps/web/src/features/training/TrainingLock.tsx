/** Shown where an AI tool's outputs are hidden because the user lacks its required training: why, and which lessons to take. */
import { Alert, Anchor, List, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/index.tsx';
import type { Bi } from './api.ts';

export interface ToolLock { toolId: string; allowed: boolean; missing: Array<{ id: string; kind: string; title: Bi; href: string }>; exemptUntil: string | null }

export function TrainingLockNotice({ locked }: { locked: ToolLock[] | undefined }) {
  const { t, lang } = useI18n();
  if (!locked?.length) return null;
  return (
    <>
      {locked.map((l) => (
        <Alert key={l.toolId} color="yellow" icon={<IconLock size={18} />} title={t('training.lockedTitle', { tool: l.toolId })} data-testid="training-lock">
          <Text size="sm" mb={4}>{t('training.lockedWhy')}</Text>
          <List size="sm" spacing={2}>
            {l.missing.map((m) => <List.Item key={m.id}><Anchor component={Link} to={m.href}>{m.title[lang]}</Anchor></List.Item>)}
          </List>
        </Alert>
      ))}
    </>
  );
}
