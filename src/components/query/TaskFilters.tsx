import React from 'react';
import { InlineField, InlineFieldRow, MultiCombobox } from '@grafana/ui';

import { TASK_STATES } from '../../fields';
import { ScpQuery } from '../../types';
import { LimitField } from './LimitField';
import { variableOptions } from './useServerOptions';

interface Props {
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

export function TaskFilters({ query, onChange }: Props) {
  const id = `${query.refId}-task-states`;
  const options = [...TASK_STATES.map((s) => ({ value: s, label: s })), ...variableOptions()];
  return (
    <InlineFieldRow>
      <InlineField
        label="States"
        labelWidth={14}
        htmlFor={id}
        tooltip="Only tasks in these states; empty for every state"
      >
        <MultiCombobox<string>
          id={id}
          width="auto"
          minWidth={30}
          placeholder="Any state"
          options={options}
          value={query.taskStates ?? []}
          onChange={(picked) => onChange({ taskStates: picked.length ? picked.map((o) => o.value) : undefined })}
        />
      </InlineField>
      <LimitField query={query} what="tasks" onChange={onChange} />
    </InlineFieldRow>
  );
}
