import React from 'react';
import { Field, Input } from '@grafana/ui';

interface Props {
  id: string;
  label: string;
  description: string;
  value: number | undefined;
  /** What the backend uses when the field is empty. */
  placeholder: number;
  min?: number;
  max?: number;
  /** Undefined when the field is emptied: the backend's default applies. */
  onChange: (value: number | undefined) => void;
}

/** A whole-number setting whose empty value means the backend's default. */
export function NumberField({ id, label, description, value, placeholder, min = 1, max, onChange }: Props) {
  return (
    <Field label={label} htmlFor={id} description={description}>
      <Input
        id={id}
        type="number"
        min={min}
        max={max}
        width={12}
        value={value ?? ''}
        placeholder={String(placeholder)}
        onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
      />
    </Field>
  );
}
