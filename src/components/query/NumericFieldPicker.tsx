import React from 'react';
import { Combobox, InlineField } from '@grafana/ui';

import { NUMERIC_FIELDS } from '../../fields';
import { QueryType, ScpQuery } from '../../types';

interface Props {
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

/** Picks one numeric field: the answer becomes one numeric frame per series, for stats and alerts. */
export function NumericFieldPicker({ query, onChange }: Props) {
  const type = query.queryType as QueryType;
  const options = NUMERIC_FIELDS[type] ?? [];
  const traffic = type === QueryType.Traffic;
  const id = `${query.refId}-field`;
  return (
    <InlineField
      label={traffic ? 'Direction' : 'Field'}
      labelWidth={traffic ? 11 : 8}
      htmlFor={id}
      tooltip={
        traffic
          ? 'Leave empty for in, out and total'
          : 'Leave empty for a table with every column; pick a field for one number per series (stat panels, alert rules)'
      }
    >
      <Combobox<string>
        id={id}
        width={26}
        isClearable
        placeholder={traffic ? 'in, out and total' : 'Table (all columns)'}
        options={options}
        value={query.field ?? null}
        onChange={(option) => onChange({ field: option?.value || undefined })}
      />
    </InlineField>
  );
}
