import { Alert, Badge, Button, Card, Center, Checkbox, Group, Loader, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, get } from '../../api/client.ts';
import type { PatientSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { age, formatDate, formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { NewPatientDrawer } from './NewPatientDrawer.tsx';

const PAGE = 20;

export function AgeText({ birthDate }: { birthDate: string }) {
  const { t } = useI18n();
  const a = age(birthDate);
  return <>{a.years >= 2 ? t('patient.ageYears', { n: a.years }) : t('patient.ageMonths', { n: a.months })}</>;
}

export function PatientListPage() {
  const { t, lang } = useI18n();
  const { user, hasRole } = useAuth();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: PatientSummary[]; total: number; totalCapped: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drawer, { open, close }] = useDisclosure(false);
  const [reload, setReload] = useState(0);

  const [withPlaceholders, setWithPlaceholders] = useState(false);
  useEffect(() => setPage(1), [debounced, facilityId, withPlaceholders]);
  useEffect(() => {
    const ctrl = new AbortController();
    get<{ items: PatientSummary[]; total: number; totalCapped: boolean }>('/api/patients', { q: debounced, facilityId, limit: PAGE, offset: (page - 1) * PAGE, demoPlaceholders: withPlaceholders ? 'include' : undefined }, ctrl.signal)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e) => {
        if (ctrl.signal.aborted) return;
        setError(e instanceof ApiError ? e.text(lang) : t('error.generic'));
      });
    return () => ctrl.abort();
  }, [debounced, facilityId, page, reload, lang, t, withPlaceholders]);

  const phone = useMediaQuery('(max-width: 600px)');
  const facilities = user?.facilities ?? [];
  const facilityName = (id: string) => facilities.find((f) => f.id === id)?.name ?? '';

  return (
    <>
      <Group justify="space-between">
        <Title order={2}>{t('patients.title')}</Title>
        {hasRole('station_staff', 'nurse', 'doctor', 'radiologist', 'facility_admin') && (
          <Button leftSection={<IconPlus size={18} />} onClick={open} data-testid="new-patient">
            {t('patients.new')}
          </Button>
        )}
      </Group>
      <Card withBorder padding="md">
        <Group mb="md" align="flex-end">
          <TextInput
            flex={1}
            leftSection={<IconSearch size={18} />}
            placeholder={t('patients.search')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            data-testid="patient-search"
            aria-label={t('patients.search')}
          />
          {facilities.length > 1 && (
            <Select
              w={280}
              clearable
              placeholder={t('facility.all')}
              data={facilities.map((f) => ({ value: f.id, label: f.name }))}
              value={facilityId}
              onChange={setFacilityId}
            />
          )}
          <Checkbox
            label={t('patients.demoPlaceholders')}
            checked={withPlaceholders}
            onChange={(e) => setWithPlaceholders(e.currentTarget.checked)}
            data-testid="patient-demo-placeholders"
          />
        </Group>
        {error && <Alert color="red" mb="sm">{error}</Alert>}
        {phone ? (
          // Below 600 px a table squeezes names into five lines: one card per patient instead.
          <Stack gap="xs" data-testid="patient-cards">
            {data?.items.map((p) => (
              <Card key={p.id} withBorder padding="sm" component={Link} to={`/patients/${p.id}`} data-testid="patient-card" aria-label={p.fullName}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text fw={600}>{p.fullName}{p.demoPlaceholder && <Badge ml="xs" size="xs" variant="outline" color="gray">{t('patients.demoPlaceholder')}</Badge>}</Text>
                  <Badge variant="light" color={p.sex === 'female' ? 'pink' : p.sex === 'male' ? 'blue' : 'gray'} style={{ flexShrink: 0 }}>{t(`patient.sex.${p.sex}`)}</Badge>
                </Group>
                <Text size="sm">{formatDate(p.birthDate, lang)} <Text span c="dark.4" size="sm">(<AgeText birthDate={p.birthDate} />)</Text></Text>
                <Text size="sm" c="dark.4">{p.commune}, {p.province}</Text>
                {p.lastEncounterAt && <Text size="xs" c="dark.4">{t('patient.lastVisit')}: {formatDateTime(p.lastEncounterAt, lang)}</Text>}
              </Card>
            ))}
          </Stack>
        ) : (
          <Table highlightOnHover verticalSpacing="sm" data-testid="patient-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('patient.fullName')}</Table.Th>
                <Table.Th>{t('patient.sex')}</Table.Th>
                <Table.Th>{t('patient.birthDate')}</Table.Th>
                <Table.Th>{t('patient.cccd')}</Table.Th>
                <Table.Th>{t('patient.address')}</Table.Th>
                <Table.Th>{t('patient.lastVisit')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data?.items.map((p) => (
                <Table.Tr
                  key={p.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => navigate(`/patients/${p.id}`)}
                  // Openable from the keyboard too: Tab to the row, Enter or Space opens it.
                  tabIndex={0}
                  role="link"
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      navigate(`/patients/${p.id}`);
                    }
                  }}
                  data-testid="patient-row"
                >
                  <Table.Td>
                    <Text fw={600}>{p.fullName}{p.demoPlaceholder && <Badge ml="xs" size="xs" variant="outline" color="gray">{t('patients.demoPlaceholder')}</Badge>}</Text>
                    {facilities.length > 1 && <Text size="xs" c="dimmed">{facilityName(p.facilityId)}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={p.sex === 'female' ? 'pink' : p.sex === 'male' ? 'blue' : 'gray'}>{t(`patient.sex.${p.sex}`)}</Badge>
                  </Table.Td>
                  <Table.Td>
                    {formatDate(p.birthDate, lang)} <Text span c="dimmed" size="sm">(<AgeText birthDate={p.birthDate} />)</Text>
                  </Table.Td>
                  <Table.Td ff="monospace">{p.cccd ?? '—'}</Table.Td>
                  <Table.Td>{p.commune}, {p.province}</Table.Td>
                  <Table.Td>{p.lastEncounterAt ? formatDateTime(p.lastEncounterAt, lang) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {!data && !error && <Center py="xl"><Loader size="sm" /></Center>}
        {data && data.items.length === 0 && <Text c="dimmed" ta="center" py="xl">{t('patients.empty')}</Text>}
        {data && (
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">{t(data.totalCapped ? 'patients.totalMore' : 'patients.total', { n: data.total })}</Text>
            <Pagination
              total={Math.max(1, Math.ceil(data.total / PAGE))}
              value={page}
              onChange={setPage}
              size="sm"
              getControlProps={(control) => ({ 'aria-label': t(control === 'previous' || control === 'first' ? 'patients.pagePrevious' : 'patients.pageNext') })}
            />
          </Group>
        )}
      </Card>
      <NewPatientDrawer opened={drawer} onClose={close} onCreated={(id) => { close(); setReload((r) => r + 1); navigate(`/patients/${id}`); }} />
    </>
  );
}
