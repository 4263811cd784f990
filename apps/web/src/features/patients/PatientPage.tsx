import { Alert, Anchor, Badge, Button, Card, Center, Collapse, Grid, Group, Loader, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowLeft, IconStethoscope } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, get } from '../../api/client.ts';
import type { Encounter, Observation, Patient } from '../../api/types.ts';
import { patientPanels } from '../../app/registry.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { LabsTable } from './LabsTable.tsx';
import { loadDraft } from '../../lib/draft.ts';
import { NewVisitForm, visitDraftKey } from './NewVisitForm.tsx';
import { AgeText } from './PatientListPage.tsx';
import { VitalsChart } from './VitalsChart.tsx';

function Field({ label, value, testId }: { label: string; value: string | null | undefined; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={500} data-testid={testId}>{value || '—'}</Text>
    </div>
  );
}

export function PatientPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { user, hasRole } = useAuth();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [encounters, setEncounters] = useState<Encounter[]>([]);
  const [observations, setObservations] = useState<Observation[]>([]);
  const [error, setError] = useState<string | null>(null);
  // An unsaved visit (e.g. the session expired during its save) opens the form again, restored.
  const [showVisit, setShowVisit] = useState(() => loadDraft(visitDraftKey(id), user?.id) !== null);
  const [refreshKey, setRefreshKey] = useState(0);

  const load = useCallback(async () => {
    try {
      const [p, e, o] = await Promise.all([
        get<Patient>(`/api/patients/${id}`),
        get<Encounter[]>(`/api/patients/${id}/encounters`),
        get<Observation[]>(`/api/patients/${id}/observations`, { limit: 2000 }),
      ]);
      setPatient(p);
      setEncounters(e);
      setObservations(o);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : t('error.generic'));
    }
  }, [id, lang, t]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  if (error)
    return (
      <Alert color="red" data-testid="patient-error">
        <Text size="sm">{error}</Text>
        <Anchor component={Link} to="/patients" size="sm">{t('patient.back')}</Anchor>
      </Alert>
    );
  if (!patient) return <Center py="xl"><Loader /></Center>;
  const facility = user?.facilities.find((f) => f.id === patient.facilityId);
  const canRecord = hasRole('station_staff', 'nurse', 'doctor');
  const panels = (column: 'top' | 'main' | 'side') =>
    patientPanels.filter((p) => p.column === column).sort((a, b) => a.order - b.order).map((p) => <p.Component key={p.id} patientId={id} refreshKey={refreshKey} />);

  return (
    <>
      <Anchor component={Link} to="/patients" size="sm">
        <Group gap={4}><IconArrowLeft size={14} />{t('patient.back')}</Group>
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} data-testid="patient-name">{patient.fullName}</Title>
          <Group gap="xs">
            <Badge variant="light" color={patient.sex === 'female' ? 'pink' : 'blue'}>{t(`patient.sex.${patient.sex}`)}</Badge>
            <Text size="sm" c="dimmed">{formatDate(patient.birthDate, lang)} · <AgeText birthDate={patient.birthDate} /> · {facility?.name}</Text>
          </Group>
        </div>
        {canRecord && (
          <Button leftSection={<IconStethoscope size={18} />} onClick={() => setShowVisit((s) => !s)} data-testid="new-visit">
            {t('visit.new')}
          </Button>
        )}
      </Group>
      {panels('top')}
      <Collapse expanded={showVisit}>
        <Card withBorder padding="md">
          <Title order={4} mb="sm">{t('visit.new')}</Title>
          {showVisit && (
            <NewVisitForm
              patientId={id}
              facilityId={patient.facilityId}
              onCancel={() => setShowVisit(false)}
              onSaved={() => {
                setShowVisit(false);
                setRefreshKey((k) => k + 1);
              }}
            />
          )}
        </Card>
      </Collapse>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <VitalsChart observations={observations} />
            {panels('main')}
            <LabsTable observations={observations} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <Card withBorder padding="md">
              <Title order={4} mb="sm">{t('patient.demographics')}</Title>
              <Stack gap="xs">
                <Field label={t('patient.cccd')} value={patient.cccd} testId="patient-cccd" />
                <Field label={t('patient.bhyt')} value={patient.bhyt} />
                <Field label={t('patient.phone')} value={patient.phone} />
                <Field label={t('patient.address')} value={[patient.addressLine, patient.commune, patient.province].filter(Boolean).join(', ')} />
              </Stack>
            </Card>
            {panels('side')}
            <Card withBorder padding="md">
              <Title order={4} mb="sm">{t('patient.encounters')}</Title>
              {encounters.length === 0 ? (
                <Text c="dimmed">{t('patient.noEncounters')}</Text>
              ) : (
                <Timeline bulletSize={14} lineWidth={2}>
                  {encounters.slice(0, 8).map((e) => (
                    <Timeline.Item key={e.id} title={t(`visit.type.${e.type}`)}>
                      <Text size="xs" c="dimmed">{formatDateTime(e.startedAt, lang)}</Text>
                      {e.reason && <Text size="sm">{e.reason}</Text>}
                    </Timeline.Item>
                  ))}
                </Timeline>
              )}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
