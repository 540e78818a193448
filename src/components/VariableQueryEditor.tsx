import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, RadioButtonGroup, Stack, Text } from '@grafana/ui';

import { DataSource } from '../datasource';
import { NEZHA_VARIABLE_KINDS } from '../fields';
import { QueryType, ScpOptions, ScpQuery, VariableKind } from '../types';
import { ServerSelection } from './query/ServerSelection';
import { TagField } from './query/TagField';
import { VariableKindField, needsServers } from './query/VariableKindField';

type Props = QueryEditorProps<DataSource, ScpQuery, ScpOptions, ScpQuery>;

const HINTS: Record<string, string> = {
  servers: 'Server ids, shown by nickname or name. Use the variable as the servers of a query: Pick → $variable.',
  disks: 'Disk devices (vda, vdb …) of the servers below; with $server they follow the server variable.',
  interfaces: 'Interface MAC addresses of the servers below; with $server they follow the server variable.',
  sites: 'The cities of the sites that host your servers.',
  states: 'The states a server can be in (RUNNING, SHUTOFF …).',
};

const NEZHA_HINTS: Record<string, string> = {
  servers:
    'Nezha server ids, shown by name, of the tags above (all when empty; $tag follows a tag variable). Use the variable as the servers of a query: Pick → $variable.',
  tags: 'The v0 tags or v2 groups of the servers. Use the variable as the Tag of a query or of a server variable.',
};

/** The editor of a dashboard variable: what to list and, where it applies, of which servers. */
export function VariableQueryEditor(props: Props) {
  return props.datasource.provider === 'nezha' ? <NezhaVariableEditor {...props} /> : <ScpVariableEditor {...props} />;
}

function ScpVariableEditor({ query, datasource, onChange }: Props) {
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

/** Nezha variables list servers (name → id) or tags; both read nezhaServers, narrowed by a tag. */
function NezhaVariableEditor({ query, datasource, onChange }: Props) {
  const kind: VariableKind = query.variableKind === 'tags' ? 'tags' : 'servers';
  const current: ScpQuery = { ...query, queryType: QueryType.NezhaServers, variableKind: kind };
  const update = (patch: Partial<ScpQuery>) => onChange({ ...current, ...patch });
  return (
    <Stack direction="column" gap={1}>
      <InlineFieldRow>
        <InlineField label="Values" labelWidth={14} tooltip="What the variable lists">
          <RadioButtonGroup<VariableKind>
            id={`${query.refId}-variable-kind`}
            options={NEZHA_VARIABLE_KINDS}
            value={kind}
            onChange={(variableKind) =>
              update(variableKind === 'tags' ? { variableKind, tag: undefined } : { variableKind })
            }
          />
        </InlineField>
      </InlineFieldRow>
      {kind === 'servers' && (
        <InlineFieldRow>
          <TagField datasource={datasource} query={current} onChange={update} />
        </InlineFieldRow>
      )}
      <Text color="secondary" italic>
        {NEZHA_HINTS[kind]}
      </Text>
    </Stack>
  );
}
