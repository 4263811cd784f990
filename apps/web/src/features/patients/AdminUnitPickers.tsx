/**
 * Province and commune pickers over the 2025 administrative units (34 provinces, 3,320 communes;
 * lib/vnAdmin.ts), searchable with or without diacritics. The commune list follows the province;
 * a typed value that is not in the list is refused, so addresses stay comparable.
 */
import { Select } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { loadVnAdmin, matchesTyped, type VnAdminFile } from '../../lib/vnAdmin.ts';

interface Props {
  province: string;
  commune: string;
  onProvince: (v: string) => void;
  onCommune: (v: string) => void;
  provinceError?: React.ReactNode;
  communeError?: React.ReactNode;
}

const filter = ({ options, search }: { options: Array<{ label?: string } | object>; search: string }) =>
  (options as Array<{ value: string; label: string }>).filter((o) => matchesTyped(o.label, search)).slice(0, 60);

export function AdminUnitPickers({ province, commune, onProvince, onCommune, provinceError, communeError }: Props) {
  const { t } = useI18n();
  const [data, setData] = useState<VnAdminFile | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadVnAdmin().then(setData, () => setFailed(true));
  }, []);
  const provinceCode = data?.provinces.find((p) => p[1] === province)?.[0];
  const provinces = useMemo(() => (data?.provinces ?? []).map((p) => ({ value: p[1], label: p[1] })), [data]);
  const communes = useMemo(() => (data?.communes ?? []).filter((c) => c[2] === provinceCode).map((c) => ({ value: c[1], label: c[1] })), [data, provinceCode]);
  return (
    <>
      <Select
        label={t('patient.province')} withAsterisk searchable allowDeselect={false} data={provinces} value={provinces.some((p) => p.value === province) ? province : null}
        onChange={(v) => { onProvince(v ?? ''); if (v !== province) onCommune(''); }}
        filter={filter} nothingFoundMessage={t('patient.noMatch')} error={provinceError ?? (failed ? t('patient.unitsUnavailable') : undefined)}
        placeholder={t('patient.typeToSearch')} data-testid="np-province" comboboxProps={{ withinPortal: false }}
      />
      <Select
        label={t('patient.commune')} withAsterisk searchable allowDeselect={false} data={communes} value={communes.some((c) => c.value === commune) ? commune : null}
        onChange={(v) => onCommune(v ?? '')} disabled={!provinceCode} filter={filter} limit={60}
        nothingFoundMessage={t('patient.noMatch')} error={communeError} placeholder={provinceCode ? t('patient.typeToSearch') : t('patient.provinceFirst')}
        data-testid="np-commune" comboboxProps={{ withinPortal: false }}
      />
    </>
  );
}
