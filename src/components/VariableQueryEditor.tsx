import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineFieldRow, Stack, Text } from '@grafana/ui';

import { DataSource } from '../datasource';
import { QueryType, ScpOptions, ScpQuery } from '../types';
import { ServerSelection } from './query/ServerSelection';
import { VariableKindField, needsServers } from './query/VariableKindField';

type Props = QueryEditorProps<DataSource, ScpQuery, ScpOptions, ScpQuery>;

const HINTS: Record<string, string> = {
  servers: 'Server ids, shown by nickname or name. Use the variable as the servers of a query: Pick → $variable.',
  disks: 'Disk devices (vda, vdb …) of the servers below; with $server they follow the server variable.',
  interfaces: 'Interface MAC addresses of the servers below; with $server they follow the server variable.',
  sites: 'The cities of the sites that host your servers.',
  states: 'The states a server can be in (RUNNING, SHUTOFF …).',
};

/** The editor of a dashboard variable: what to list and, for disks and interfaces, of which servers. */
export function VariableQueryEditor({ query, datasource, onChange }: Props) {
  const current: ScpQuery = { ...query, queryType: QueryType.Variable, variableKind: query.variableKind ?? 'servers' };
  const update = (patch: Partial<ScpQuery>) => onChange({ ...current, ...patch });
  return (
    <Stack direction="column" gap={1}>
      <InlineFieldRow>
        <VariableKindField query={current} onChange={update} />
      </InlineFieldRow>
      {needsServers(current.variableKind) && (
        <ServerSelection datasource={datasource} query={current} label="Of servers" onChange={update} />
      )}
      <Text color="secondary" italic>
        {HINTS[current.variableKind ?? 'servers']}
      </Text>
    </Stack>
  );
}
