/** The public verification page (no login): /verify/:id from a certificate's QR code, or /verify to paste a credential. */
import { Alert, Button, Card, Code, Container, FileButton, Group, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client.ts';
import { type Lang, useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { VerifyOutcome } from './api.ts';

function OutcomeCard({ o }: { o: VerifyOutcome }) {
  const { t } = useI18n();
  const k = o.issuerKey;
  return (
    <Card withBorder data-testid="verify-outcome" data-reason={o.reason}>
      <Group gap="sm" mb="sm">
        {o.valid ? <IconCircleCheck size={40} color="var(--mantine-color-teal-7)" /> : <IconCircleX size={40} color="var(--mantine-color-red-7)" />}
        <div>
          <Title order={3} c={o.valid ? 'teal.8' : 'red.8'}>{o.valid ? t('verify.valid') : t('verify.invalid')}</Title>
          <Text>{t(`verify.reason.${o.reason}`)}{o.reason === 'malformed' && o.detail ? `: ${o.detail}` : ''}</Text>
        </div>
      </Group>
      {o.issuer && (
        <Table>
          <Table.Tbody>
            <Table.Tr><Table.Th>{t('verify.learner')}</Table.Th><Table.Td>{o.subject?.name ?? o.subject?.id}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th>{t('verify.achievement')}</Table.Th><Table.Td>{o.achievement?.name}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th>{t('verify.issuer')}</Table.Th><Table.Td>{o.issuer.name}</Table.Td></Table.Tr>
            {o.validFrom && <Table.Tr><Table.Th>{t('verify.validFrom')}</Table.Th><Table.Td>{formatDateTime(o.validFrom)}</Table.Td></Table.Tr>}
            {o.validUntil && <Table.Tr><Table.Th>{t('verify.validUntil')}</Table.Th><Table.Td>{formatDateTime(o.validUntil)}</Table.Td></Table.Tr>}
            <Table.Tr><Table.Th>{t('verify.did')}</Table.Th><Table.Td><Code style={{ wordBreak: 'break-all' }}>{o.issuer.id}</Code></Table.Td></Table.Tr>
            <Table.Tr>
              <Table.Th>{t('verify.key')}</Table.Th>
              <Table.Td>{k ? `${k.facilityName} — ${k.current ? t('verify.keyCurrent') : t('verify.keyRetired')}` : t('verify.keyUnknown')}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      {o.valid && !o.statusChecked && <Alert color="yellow" mt="sm">{t('verify.statusUnchecked')}</Alert>}
    </Card>
  );
}

export function VerifyPage() {
  const { t, lang, setLang } = useI18n();
  const { id } = useParams();
  const [outcome, setOutcome] = useState<VerifyOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    setBusy(true);
    get<{ outcome: VerifyOutcome }>(`/api/badges/${id}/verify`)
      .then((r) => setOutcome(r.outcome), (e) => setError(e instanceof ApiError && e.status === 404 ? t('verify.notFound') : String(e)))
      .finally(() => setBusy(false));
  }, [id, t]);

  const check = async (json: string) => {
    setError(null);
    setOutcome(null);
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch {
      setError(t('verify.notJson'));
      return;
    }
    setBusy(true);
    try {
      setOutcome(await post<VerifyOutcome>('/api/badges/verify', body));
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container size="sm" py="xl">
      <Stack>
        <Group justify="space-between">
          <Title order={2}>{t('verify.title')}</Title>
          <SegmentedControl size="xs" value={lang} onChange={(v) => setLang(v as Lang)} data={[{ value: 'vi', label: 'VI' }, { value: 'en', label: 'EN' }]} />
        </Group>
        <Text c="dimmed" size="sm">{t('verify.subtitle')}</Text>
        {!id && (
          <Card withBorder>
            <Stack>
              <Textarea label={t('verify.paste')} autosize minRows={6} maxRows={14} value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid="verify-input" styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} />
              <Group>
                <Button onClick={() => void check(text)} loading={busy} disabled={!text.trim()} data-testid="verify-submit">{t('verify.check')}</Button>
                <FileButton accept="application/json,.json" onChange={(f) => { if (f) void f.text().then((s) => { setText(s); void check(s); }); }}>
                  {(props) => <Button variant="default" {...props}>{t('verify.file')}</Button>}
                </FileButton>
              </Group>
            </Stack>
          </Card>
        )}
        {busy && id && <Text>{t('verify.checking')}</Text>}
        {error && <Alert color="red">{error}</Alert>}
        {outcome && <OutcomeCard o={outcome} />}
        <Text size="xs" c="dimmed">{t('verify.offline')}</Text>
      </Stack>
    </Container>
  );
}
