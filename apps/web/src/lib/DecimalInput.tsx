import { TextInput, type TextInputProps } from '@mantine/core';
import type { FocusEvent } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { normaliseDecimalText } from './decimal.ts';

type Props = Omit<TextInputProps, 'value' | 'onChange'> & {
  value?: string | number;
  onChange: (value: string) => void;
};

/**
 * A number field that takes "39,2" and "39.2" alike (see decimal.ts) and, on leaving the field,
 * shows the value with the interface language's separator. Mantine's NumberInput silently drops a
 * comma, which turned 7,4 kg into 74 kg; this keeps the text as typed and lets validation decide.
 */
export function DecimalInput({ value, onChange, onBlur, ...rest }: Props) {
  const { lang } = useI18n();
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      {...rest}
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={(e: FocusEvent<HTMLInputElement>) => {
        const text = e.currentTarget.value;
        const shown = normaliseDecimalText(text, lang);
        if (shown !== text) onChange(shown);
        onBlur?.(e);
      }}
    />
  );
}
