import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { VARIABLE_KINDS } from '../../fields';
import { ScpQuery, VariableKind } from '../../types';

interface Props {
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

/** Disks and interfaces belong to servers, so those kinds keep the server selection. */
export function needsServers(kind: VariableKind | undefined): boolean {
  return kind === 'disks' || kind === 'interfaces';
}

export function VariableKindField({ query, onChange }: Props) {
  const onKindChange = (variableKind: VariableKind) =>
    onChange(
      needsServers(variableKind)
        ? { variableKind, serverMode: query.serverMode ?? 'all' }
        : { variableKind, serverMode: undefined, serverIds: undefined, serverRegex: undefined }
    );
  return (
    <InlineField label="Values" labelWidth={14} tooltip="What the variable lists">
      <RadioButtonGroup<VariableKind>
        id={`${query.refId}-variable-kind`}
        options={VARIABLE_KINDS}
        value={query.variableKind ?? 'servers'}
        onChange={onKindChange}
      />
    </InlineField>
  );
}
