import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { get } from '../../api/client.ts';
import type { PatientSummary } from '../../api/types.ts';
import { formatDate } from '../../lib/format.ts';

/** Searchable patient select (server search: names with or without diacritics, CCCD, BHYT, phone). */
export function PatientPicker({ facilityId, value, onChange, label, placeholder, error, testId }: {
  facilityId: string | null; value: string | null; onChange: (id: string | null) => void; label: string; placeholder: string; error?: string; testId?: string;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [items, setItems] = useState<PatientSummary[]>([]);
  useEffect(() => {
    get<{ items: PatientSummary[] }>('/api/patients', { q, facilityId, limit: 20 }).then((r) => setItems(r.items)).catch(() => setItems([]));
  }, [q, facilityId]);
  return (
    <Select
      label={label} placeholder={placeholder} searchable clearable value={value} onChange={onChange} onSearchChange={setSearch} searchValue={search}
      filter={({ options }) => options} error={error} data-testid={testId} nothingFoundMessage="—"
      data={items.map((p) => ({ value: p.id, label: `${p.fullName} · ${formatDate(p.birthDate)}` }))}
    />
  );
}
