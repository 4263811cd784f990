/**
 * Registering an AI tool (governance officer): basic information, intended use and its limits,
 * risk tier with its rationale, licence, the national AI portal notification, the other CHAI
 * applied-model-card sections, and optionally the claimed performance and a change plan. A new
 * tool starts at sandbox. Fields are checked here first; the server's answer (code + field) lands
 * on the same field.
 */
import { Alert, Anchor, Button, Card, Group, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconInfoCircle } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { parseDayMonthYear } from '../../lib/format.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { governanceApi, type NewTool, type PortalStatus } from './api.ts';
import { emptyValues, formFieldOf, type Num, type RegisterValues, TOOL_ID_PATTERN, toolBody } from './register-form.ts';
import { DecimalInput } from '../../lib/DecimalInput.tsx';
import { parseDecimal } from '../../lib/decimal.ts';

const PORTAL_STATUSES: PortalStatus[] = ['not_required', 'pending', 'submitted', 'acknowledged'];
const RISK_TIERS = ['high', 'medium', 'low'] as const;


function Section({ step, title, hint, children }: { step: number; title: string; hint?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg">
      <Group gap="xs" mb={hint ? 2 : 'sm'} wrap="nowrap">
        <Text span fw={700} c="teal.7" size="lg">{step}.</Text>
        <Title order={4}>{title}</Title>
      </Group>
      {hint && <Text size="sm" c="dimmed" mb="sm">{hint}</Text>}
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

export function RegisterToolPage() {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const required = (v: string) => (v.trim() ? null : t('validation.required'));
  const unit = (v: Num) => {
    if (v === '') return null;
    const p = parseDecimal(v);
    if (!p.ok) return t(p.reason === 'ambiguous' ? 'validation.decimalAmbiguous' : 'validation.number');
    return p.value >= 0 && p.value <= 1 ? null : t('validation.range', { min: 0, max: 1 });
  };
  const form = useForm<RegisterValues>({
    initialValues: emptyValues(),
    validate: {
      id: (v) => (TOOL_ID_PATTERN.test(v.trim()) ? null : t('gov.reg.err.id')),
      name: required, version: required, developer: required, summary: required, intendedUse: required, licence: required,
      riskTier: (v) => (v ? null : t('gov.reg.err.riskTier')),
      riskRationale: (v) => (v.trim() ? null : t('gov.reg.err.rationale')),
      portalDate: (v) => (v ? null : t('validation.required')),
      portalReference: (v, all) => ((all.portalStatus === 'submitted' || all.portalStatus === 'acknowledged') && !v.trim() ? t('gov.reg.err.portalReference') : null),
      claimAuroc: unit, claimSensitivity: unit, claimSpecificity: unit, threshold: unit,
      planDescription: (v, all) => (all.planVersions.trim() && !v.trim() ? t('gov.reg.err.planDescription') : null),
    },
  });

  if (!hasRole('governance_officer')) return <Alert color="red" data-testid="register-forbidden">{t('gov.reg.forbidden')}</Alert>;

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setFormError(null);
    try {
      const tool = await governanceApi.register(toolBody(v));
      notifications.show({ color: 'teal', message: t('gov.reg.done', { name: tool.name }) });
      navigate(`/governance/tools/${encodeURIComponent(tool.id)}`);
    } catch (e) {
      if (e instanceof ApiError) {
        const field = formFieldOf(e.field, e.code);
        if (field) form.setFieldError(field, e.text(lang));
        else setFormError(e.text(lang));
      } else setFormError(t('error.generic'));
    } finally {
      setBusy(false);
    }
  }, (errors) => {
    setFormError(t('gov.reg.err.fix'));
    // The first field in error, in page order, gets the focus (the button is at the bottom of a long form).
    const first = [...document.querySelectorAll<HTMLElement>('[data-testid^="rt-"]')].find((el) => (el.dataset.testid ?? '').slice(3) in errors);
    first?.focus();
  });

  const input = (key: keyof RegisterValues) => ({ ...form.getInputProps(key), 'data-testid': `rt-${key}` });
  const date = (key: 'releasedAt' | 'portalDate') => ({
    ...input(key), valueFormat: 'DD/MM/YYYY', dateParser: parseDayMonthYear, placeholder: t('common.dateFormat'),
    onChange: (d: string | null) => form.setFieldValue(key, d ?? ''),
  });
  const many = t('gov.reg.onePerLine');
  return (
    <Stack maw={1080}>
      <Anchor component={Link} to="/governance" size="sm"><Group gap={4}><IconArrowLeft size={14} />{t('gov.registry')}</Group></Anchor>
      <Title order={2}>{t('gov.reg.title')}</Title>
      <Alert variant="light" color="teal" icon={<IconInfoCircle />}>{t('gov.reg.intro')}</Alert>
      <form onSubmit={submit} noValidate data-testid="register-tool-form">
        <Stack>
          <Section step={1} title={t('gov.reg.basic')}>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <TextInput label={t('gov.reg.id')} description={t('gov.reg.idHint')} withAsterisk placeholder="sepsis-early-warning" {...input('id')} />
              <TextInput label={t('gov.reg.name')} description={t('gov.reg.nameHint')} withAsterisk {...input('name')} />
              <Select label={t('gov.reg.kind')} withAsterisk allowDeselect={false} data={(['model', 'vendor', 'rule'] as const).map((k) => ({ value: k, label: t(`gov.reg.kind.${k}`) }))} {...input('kind')} />
              <TextInput label={t('gov.version')} withAsterisk placeholder="1.0.0" {...input('version')} />
              <DateInput label={t('gov.reg.releasedAt')} {...date('releasedAt')} />
              <TextInput label={t('gov.reg.developer')} withAsterisk {...input('developer')} />
              <TextInput label={t('gov.reg.architecture')} description={t('gov.reg.architectureHint')} {...input('architecture')} />
              <TextInput label={t('gov.reg.approval')} description={t('gov.reg.approvalHint')} {...input('approval')} />
              <TextInput label={t('gov.reg.inputs')} {...input('inputs')} />
              <TextInput label={t('gov.reg.outputs')} {...input('outputs')} />
            </SimpleGrid>
          </Section>

          <Section step={2} title={t('gov.reg.uses')} hint={t('gov.reg.usesHint')}>
            <Textarea label={t('gov.reg.summary')} withAsterisk autosize minRows={2} {...input('summary')} />
            <Textarea label={t('gov.reg.intendedUse')} withAsterisk autosize minRows={2} {...input('intendedUse')} />
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <TextInput label={t('gov.reg.intendedUsers')} {...input('intendedUsers')} />
              <TextInput label={t('gov.reg.population')} {...input('population')} />
              <Textarea label={t('gov.reg.outOfScope')} description={many} autosize minRows={3} {...input('outOfScope')} />
              <Textarea label={t('gov.reg.warnings')} description={many} autosize minRows={3} {...input('warnings')} />
            </SimpleGrid>
          </Section>

          <Section step={3} title={t('gov.reg.risk')} hint={t('gov.reg.riskHint')}>
            <Radio.Group {...form.getInputProps('riskTier')} label={t('gov.risk')} withAsterisk>
              <SimpleGrid cols={{ base: 1, md: 3 }} mt={6}>
                {RISK_TIERS.map((r) => (
                  <Radio.Card key={r} value={r} p="md" radius="md" data-testid={`rt-riskTier-${r}`}>
                    <Group wrap="nowrap" align="flex-start">
                      <Radio.Indicator />
                      <div>
                        <Text fw={600}>{t(`gov.risk.${r}`)}</Text>
                        <Text size="xs" c="dimmed">{t(`gov.reg.risk.${r}`)}</Text>
                      </div>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            </Radio.Group>
            <Textarea label={t('gov.rationale')} withAsterisk autosize minRows={2} placeholder={t('gov.reg.rationaleHint')} {...input('riskRationale')} />
          </Section>

          <Section step={4} title={t('gov.reg.licencePortal')}>
            <TextInput label={t('gov.licence')} withAsterisk placeholder={t('gov.reg.licenceHint')} {...input('licence')} />
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <Select label={t('gov.reg.portalStatus')} withAsterisk allowDeselect={false} data={PORTAL_STATUSES.map((s) => ({ value: s, label: t(`gov.portal.${s}`) }))} {...input('portalStatus')} />
              <DateInput label={t('gov.reg.portalDate')} withAsterisk {...date('portalDate')} />
              <TextInput label={t('gov.reg.portalReference')} withAsterisk={form.values.portalStatus === 'submitted' || form.values.portalStatus === 'acknowledged'} {...input('portalReference')} />
            </SimpleGrid>
          </Section>

          <Section step={5} title={t('gov.reg.trust')} hint={t('gov.reg.trustHint')}>
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <Textarea label={t('gov.reg.trainingData')} autosize minRows={2} {...input('trainingData')} />
              <Textarea label={t('gov.reg.evaluation')} autosize minRows={2} {...input('evaluation')} />
              <Textarea label={t('gov.reg.fairnessAssessment')} autosize minRows={2} {...input('fairnessAssessment')} />
              <Textarea label={t('gov.reg.usefulness')} description={many} autosize minRows={2} {...input('usefulness')} />
              <Textarea label={t('gov.reg.fairnessMetrics')} description={many} autosize minRows={2} {...input('fairnessMetrics')} />
              <Textarea label={t('gov.reg.safetyMetrics')} description={many} autosize minRows={2} {...input('safetyMetrics')} />
            </SimpleGrid>
          </Section>

          <Section step={6} title={t('gov.reg.claims')} hint={t('gov.reg.claimsHint')}>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <DecimalInput label="AUROC" {...input('claimAuroc')} />
              <DecimalInput label={t('gov.sensitivity')} {...input('claimSensitivity')} />
              <DecimalInput label={t('gov.specificity')} {...input('claimSpecificity')} />
              <DecimalInput label={t('gov.reg.threshold')} {...input('threshold')} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <TextInput label={t('gov.reg.planVersions')} description={t('gov.reg.planVersionsHint')} {...input('planVersions')} />
              <TextInput label={t('gov.reg.planDescription')} {...input('planDescription')} />
            </SimpleGrid>
          </Section>

          {formError && <Alert color="red" data-testid="register-error">{formError}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/governance">{t('gov.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="register-submit">{t('gov.reg.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
