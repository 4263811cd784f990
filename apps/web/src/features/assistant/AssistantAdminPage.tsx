/**
 * Document admin screen (facility admin): upload documents as drafts (or new versions), approve or
 * retire versions, and read the gap list of questions the documents did not answer.
 */
import { Anchor, Badge, Button, Card, FileInput, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, post } from '../../api/client.ts';
import { formatDate, parseDayMonthYear } from '../../lib/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';

interface Doc { id: string; docKey: string; version: number; title: string; language: 'vi' | 'en'; effectiveDate: string | null; owner: string; state: 'draft' | 'approved' | 'retired'; fileName: string; passages: number }
interface Gap { question: string; asked: number; lastAt: string }

const STATE_COLOR = { draft: 'gray', approved: 'teal', retired: 'orange' } as const;

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function AssistantAdminPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [facilityId, setFacilityId] = useState<string | null>(user?.facilities[0]?.id ?? null);
  const [docs, setDocs] = useState<Doc[]>([]);
  const [gaps, setGaps] = useState<Gap[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [docLang, setDocLang] = useState<string | null>('vi');
  const [effective, setEffective] = useState('');
  const [owner, setOwner] = useState('');
  const [docKey, setDocKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    if (!facilityId) return;
    get<Doc[]>('/api/assistant/documents', { facilityId }).then(setDocs).catch(() => setDocs([]));
    get<Gap[]>('/api/assistant/gaps', { facilityId }).then(setGaps).catch(() => setGaps([]));
  }, [facilityId]);
  useEffect(load, [load]);

  const fail = (e: unknown) => notifications.show({ color: 'red', message: e instanceof ApiError ? e.text(lang) : String(e) });
  const upload = async () => {
    if (!facilityId || !file) return;
    setBusy(true);
    try {
      await post('/api/assistant/documents', {
        facilityId, title: title || file.name, language: docLang ?? 'vi', owner, fileName: file.name, contentBase64: await toBase64(file),
        ...(effective ? { effectiveDate: effective } : {}), ...(docKey ? { docKey } : {}),
      });
      notifications.show({ color: 'teal', message: t('asst.admin.uploaded') });
      setFile(null);
      setTitle('');
      setDocKey(null);
      load();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const act = (id: string, what: 'approve' | 'retire') => post(`/api/assistant/documents/${id}/${what}`).then(load, fail);
  const keys = [...new Map(docs.map((d) => [d.docKey, d.title])).entries()].map(([value, label]) => ({ value, label }));

  return (
    <Stack>
      <Title order={2}>{t('asst.admin.title')}</Title>
      <Group align="flex-end">
        <Select label={t('asst.admin.facility')} value={facilityId} onChange={setFacilityId} data={(user?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))} w={320} />
        {facilityId && <Anchor href={`/chat/${facilityId}`} target="_blank">{t('asst.admin.chatLink')}</Anchor>}
      </Group>
      <Card withBorder>
        <Title order={4} mb="sm">{t('asst.admin.upload')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <FileInput label={t('asst.admin.file')} value={file} onChange={setFile} accept=".md,.markdown,.html,.htm,.txt,.pdf,.docx" data-testid="asst-file" />
          <TextInput label={t('asst.admin.docTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <TextInput label={t('asst.admin.owner')} value={owner} onChange={(e) => setOwner(e.currentTarget.value)} />
          <Select label={t('asst.admin.language')} value={docLang} onChange={setDocLang} data={[{ value: 'vi', label: 'Tiếng Việt' }, { value: 'en', label: 'English' }]} />
          <DateInput label={t('asst.admin.effective')} valueFormat="DD/MM/YYYY" dateParser={parseDayMonthYear} placeholder={t('common.dateFormat')} value={effective || null} onChange={(d) => setEffective(d ?? '')} clearable />
          <Select label={t('asst.admin.newVersionOf')} placeholder={t('asst.admin.none')} value={docKey} onChange={setDocKey} data={keys} clearable />
        </SimpleGrid>
        <Button mt="sm" onClick={upload} loading={busy} disabled={!file || !owner.trim()}>{t('asst.admin.submit')}</Button>
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">{t('asst.admin.docs')}</Title>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('asst.admin.docTitle')}</Table.Th><Table.Th>{t('asst.admin.version')}</Table.Th><Table.Th>{t('asst.admin.state')}</Table.Th>
              <Table.Th>{t('asst.admin.language')}</Table.Th><Table.Th>{t('asst.admin.effective')}</Table.Th><Table.Th>{t('asst.admin.owner')}</Table.Th>
              <Table.Th>{t('asst.admin.passages')}</Table.Th><Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {docs.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.title}<Text size="xs" c="dimmed">{d.fileName}</Text></Table.Td>
                <Table.Td>{d.version}</Table.Td>
                <Table.Td><Badge color={STATE_COLOR[d.state]}>{t(`asst.admin.state.${d.state}`)}</Badge></Table.Td>
                <Table.Td>{d.language}</Table.Td>
                <Table.Td>{d.effectiveDate ? formatDate(d.effectiveDate, lang) : '—'}</Table.Td>
                <Table.Td>{d.owner}</Table.Td>
                <Table.Td>{d.passages}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {d.state !== 'approved' && <Button size="xs" onClick={() => act(d.id, 'approve')}>{t('asst.admin.approve')}</Button>}
                    {d.state === 'approved' && <Button size="xs" variant="light" color="orange" onClick={() => act(d.id, 'retire')}>{t('asst.admin.retire')}</Button>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">{t('asst.admin.gaps')}</Title>
        {gaps.length === 0 ? <Text c="dimmed">{t('asst.admin.noGaps')}</Text> : (
          <Table>
            <Table.Thead><Table.Tr><Table.Th /><Table.Th>{t('asst.admin.asked')}</Table.Th><Table.Th>{t('asst.admin.lastAt')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {gaps.map((g) => (
                <Table.Tr key={g.question}><Table.Td>{g.question}</Table.Td><Table.Td>{g.asked}</Table.Td><Table.Td>{formatDate(g.lastAt, lang)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
