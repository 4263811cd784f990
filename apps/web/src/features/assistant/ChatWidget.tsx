/**
 * The public chat widget (route /chat/:facilityId, no login): phone-first, vi/en switch, emergency
 * answers shown first and unmistakably (red, "call 115" as a tel: link), sources expandable with the
 * exact quoted passage, thumbs up/down. Embeddable in a hospital's site with an <iframe>.
 */
import { ActionIcon, Alert, Anchor, Badge, Box, Button, Card, Collapse, Group, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconPhoneCall, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, post } from '../../api/client.ts';
import { type Lang, useI18n } from '../../i18n/index.tsx';

interface Citation { documentId: string; title: string; heading: string; quote: string }
interface Answer { id: string; answer: string; citations: Citation[]; refused: boolean; escalate: boolean; outcome: string }
interface Turn { q: string; a?: Answer; error?: string; rated?: boolean }

function Sources({ citations }: { citations: Citation[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!citations.length) return null;
  return (
    <Box>
      <Anchor component="button" size="sm" onClick={() => setOpen((o) => !o)} data-testid="asst-sources">{t('asst.chat.sources', { n: citations.length })}</Anchor>
      <Collapse expanded={open}>
        <Stack gap={6} mt={6}>
          {citations.map((c, i) => (
            <Card key={i} withBorder p="xs" radius="sm">
              <Text size="xs" c="dimmed">{c.heading || c.title}</Text>
              <Text size="sm" style={{ borderLeft: '3px solid var(--mantine-color-teal-5)', paddingLeft: 8 }}>“{c.quote}”</Text>
            </Card>
          ))}
        </Stack>
      </Collapse>
    </Box>
  );
}

export function ChatWidget() {
  const { facilityId } = useParams();
  const { t, lang, setLang } = useI18n();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async () => {
    const question = q.trim();
    if (!question || busy) return;
    setBusy(true);
    setQ('');
    const i = turns.length;
    setTurns((ts) => [...ts, { q: question }]);
    try {
      const a = await post<Answer>(`/api/assistant/${facilityId}/ask`, { question });
      setTurns((ts) => ts.map((x, k) => (k === i ? { ...x, a } : x)));
    } catch (e) {
      const msg = e instanceof ApiError ? e.text(lang) : t('asst.chat.error');
      setTurns((ts) => ts.map((x, k) => (k === i ? { ...x, error: msg } : x)));
    } finally {
      setBusy(false);
    }
  };
  const rate = async (i: number, helpful: boolean) => {
    const a = turns[i]?.a;
    if (!a) return;
    await post(`/api/assistant/${facilityId}/answers/${a.id}/rating`, { helpful }).catch(() => undefined);
    setTurns((ts) => ts.map((x, k) => (k === i ? { ...x, rated: true } : x)));
  };

  return (
    <Box maw={520} mx="auto" p="sm" mih="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={3} size="h4">{t('asst.chat.title')}</Title>
        <SegmentedControl size="xs" value={lang} onChange={(v) => setLang(v as Lang)} data={[{ value: 'vi', label: 'VI' }, { value: 'en', label: 'EN' }]} />
      </Group>
      <Text size="sm" c="dimmed" mb="sm">{t('asst.chat.hint')}</Text>
      <Stack gap="sm" style={{ flex: 1 }} data-testid="asst-turns">
        {turns.map((turn, i) => (
          <Stack key={i} gap={6}>
            <Card p="xs" radius="lg" bg="teal.0" ml="auto" maw="85%"><Text size="sm">{turn.q}</Text></Card>
            {turn.error && <Alert color="red" p="xs">{turn.error}</Alert>}
            {turn.a && (
              <Card p="sm" radius="lg" withBorder maw="95%" data-testid="asst-answer">
                {turn.a.escalate && (
                  <Alert color="red" variant="filled" icon={<IconAlertTriangle />} mb="xs" title={t('asst.chat.emergency')} data-testid="asst-emergency">
                    <Button component="a" href="tel:115" color="white" c="red" leftSection={<IconPhoneCall size={18} />} size="md" fullWidth>{t('asst.chat.call115')}</Button>
                  </Alert>
                )}
                {turn.a.refused && <Badge color="orange" variant="light" mb={6}>{t('asst.chat.refused')}</Badge>}
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>{turn.a.answer}</Text>
                <Sources citations={turn.a.citations} />
                <Group gap={4} mt={6}>
                  {turn.rated ? (
                    <Text size="xs" c="dimmed">{t('asst.chat.thanks')}</Text>
                  ) : (
                    <>
                      <Text size="xs" c="dimmed">{t('asst.chat.helpful')}</Text>
                      <ActionIcon variant="subtle" size="sm" aria-label="👍" onClick={() => rate(i, true)}><IconThumbUp size={16} /></ActionIcon>
                      <ActionIcon variant="subtle" size="sm" aria-label="👎" onClick={() => rate(i, false)}><IconThumbDown size={16} /></ActionIcon>
                    </>
                  )}
                </Group>
              </Card>
            )}
          </Stack>
        ))}
      </Stack>
      <Box pos="sticky" bottom={0} bg="var(--mantine-color-body)" pt="sm">
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <Textarea
            style={{ flex: 1 }} autosize minRows={1} maxRows={4} maxLength={2000} value={q} placeholder={t('asst.chat.placeholder')}
            onChange={(e) => setQ(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void send(); } }}
            data-testid="asst-input"
          />
          <Button onClick={send} loading={busy} data-testid="asst-send">{t('asst.chat.send')}</Button>
        </Group>
        <Text size="xs" c="dimmed" mt={4}>{t('asst.chat.privacy')}</Text>
      </Box>
    </Box>
  );
}
