import React, { useState } from 'react';
import { InlineField, Input } from '@grafana/ui';

import { DEFAULT_LIMIT, MAX_LIMIT } from '../../fields';
import { ScpQuery } from '../../types';

interface Props {
  query: ScpQuery;
  what: string;
  onChange: (patch: Partial<ScpQuery>) => void;
}

/** The number of entries read; committed on blur so typing does not run a query per key. */
export function LimitField({ query, what, onChange }: Props) {
  const [value, setValue] = useState(String(query.limit ?? DEFAULT_LIMIT));
  const id = `${query.refId}-limit`;
  const parsed = Number(value);
  const invalid = !Number.isInteger(parsed) || parsed < 1 || parsed > MAX_LIMIT;
  return (
    <InlineField
      label="Limit"
      labelWidth={8}
      htmlFor={id}
      tooltip={`Most recent ${what} to read, at most ${MAX_LIMIT}`}
      invalid={invalid}
      error={invalid ? `A whole number from 1 to ${MAX_LIMIT}` : undefined}
    >
      <Input
        id={id}
        type="number"
        min={1}
        max={MAX_LIMIT}
        width={10}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        onBlur={() => !invalid && parsed !== query.limit && onChange({ limit: parsed })}
      />
    </InlineField>
  );
}
