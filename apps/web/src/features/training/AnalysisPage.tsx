/** For lecturers and programme managers: item analysis and pre→post gain per module. */
import { Alert, Badge, Card, Group, Loader, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type Analysis, type Overview, trainingApi } from './api.ts';
import { num, pct } from './format.ts';

const Q_COLOR: Record<string, string> = { 'very-good': 'green', good: 'teal', marginal: 'orange', poor: 'red', 'insufficient-data': 'gray' };

export function AnalysisPage() {
  const { t, lang } = useI18n();
  const [modules, setModules] = useState<Overview['modules']>([]);
  const [mod, setMod] = useState('m1-intro');
  const [data, setData] = useState<Analysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reliance, setReliance] = useState<{ learners: number; overReliance: number | null; underReliance: number | null } | null>(null);
  useEffect(() => {
    trainingApi.me().then((o) => setModules(o.modules)).catch(() => undefined);
    trainingApi.reliance().then(setReliance).catch(() => undefined);
  }, []);
  useEffect(() => {
    const ctrl = new AbortController();
    setData(null);
    trainingApi.analysis(mod, ctrl.signal).then(setData).catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.text(lang) : String(e)); });
    return () => ctrl.abort();
  }, [mod, lang]);
  return (
    <Stack gap="sm" maw={1100}>
      <Title order={2}>{t('training.analysis')}</Title>
      {reliance && (
        <Card withBorder p="sm" data-testid="cohort-reliance">
          <Text fw={600} size="sm">{t('training.cohortReliance', { n: reliance.learners })}</Text>
          <Group gap="xl" mt={4}>
            <Text size="sm">{t('training.over')}: <b>{pct(reliance.overReliance, lang, 1)}</b></Text>
            <Text size="sm">{t('training.under')}: <b>{pct(reliance.underReliance, lang, 1)}</b></Text>
          </Group>
        </Card>
      )}
      {modules.length > 0 && <SegmentedControl value={mod} onChange={setMod} data={modules.map((m) => ({ value: m.id, label: `${m.order}` }))} w="fit-content" />}
      {error && <Alert color="red">{error}</Alert>}
      {!data ? <Loader /> : (
        <>
          <Text fw={600}>{data.module.title[lang]}</Text>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            <Card withBorder p="xs"><Text size="xs" c="dimmed">{t('training.attempts')}</Text><Text fw={700}>{data.attempts}</Text></Card>
            <Card withBorder p="xs"><Text size="xs" c="dimmed">{t('training.learners')}</Text><Text fw={700}>{data.gain?.learners ?? 0}</Text></Card>
            <Card withBorder p="xs"><Text size="xs" c="dimmed">{t('training.preMean')}</Text><Text fw={700}>{pct(data.gain?.preMean, lang, 1)}</Text></Card>
            <Card withBorder p="xs"><Text size="xs" c="dimmed">{t('training.postMean')}</Text><Text fw={700}>{pct(data.gain?.postMean, lang, 1)}</Text></Card>
            <Card withBorder p="xs"><Text size="xs" c="dimmed">{t('training.normGain')}</Text><Text fw={700} data-testid="norm-gain">{num(data.gain?.normalisedGain, lang)}</Text></Card>
          </SimpleGrid>
          {data.items.length === 0 ? <Text c="dimmed">{t('training.noData')}</Text> : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped withTableBorder data-testid="analysis-table">
                <Table.Thead><Table.Tr>
                  <Table.Th>{t('training.item')}</Table.Th><Table.Th>n</Table.Th><Table.Th>{t('training.difficulty')}</Table.Th>
                  <Table.Th>{t('training.discrimination')}</Table.Th><Table.Th>{t('training.pointBiserial')}</Table.Th><Table.Th>{t('training.quality')}</Table.Th>
                </Table.Tr></Table.Thead>
                <Table.Tbody>
                  {data.items.map((i) => (
                    <Table.Tr key={i.itemId}>
                      <Table.Td><Group gap={4} wrap="nowrap"><Text size="xs" c="dimmed">{i.itemId}</Text></Group><Text size="sm" lineClamp={2}>{i.stem[lang]}</Text></Table.Td>
                      <Table.Td>{i.n}</Table.Td>
                      <Table.Td>{num(i.difficulty, lang)}</Table.Td>
                      <Table.Td>{num(i.discrimination, lang)}</Table.Td>
                      <Table.Td>{num(i.pointBiserial, lang)}</Table.Td>
                      <Table.Td><Badge color={Q_COLOR[i.quality]} variant="light">{t(`training.quality.${i.quality}`)}</Badge></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Text size="xs" c="dimmed">{t('training.analysisNote')}</Text>
        </>
      )}
    </Stack>
  );
}
