import React from 'react';
import { CoreApp, QueryEditorProps } from '@grafana/data';
import { InlineFieldRow, Stack } from '@grafana/ui';

import { DataSource } from '../datasource';
import { withQueryType } from '../queryModel';
import { hasNumericFields, queryTypeInfo, usesServers } from '../queryTypes';
import { QueryType, ScpOptions, ScpQuery } from '../types';
import { AlertingHint } from './query/AlertingHint';
import { LegendField } from './query/LegendField';
import { LogsSection } from './query/LogsSection';
import { MetricField } from './query/MetricField';
import { NumericFieldPicker } from './query/NumericFieldPicker';
import { QueryTypeField } from './query/QueryTypeField';
import { RawSection } from './query/RawSection';
import { ServerSelection } from './query/ServerSelection';
import { TaskFilters } from './query/TaskFilters';
import { VariableKindField, needsServers } from './query/VariableKindField';

type Props = QueryEditorProps<DataSource, ScpQuery, ScpOptions>;

export function QueryEditor({ query, datasource, app, onChange, onRunQuery }: Props) {
  const type = query.queryType ?? QueryType.Servers;
  const info = queryTypeInfo(type);

  const update = (patch: Partial<ScpQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {
      onRunQuery();
    }
  };
  const onTypeChange = (next: QueryType) => {
    onChange(withQueryType(query, next));
    onRunQuery();
  };
  const showServers = type === QueryType.Variable ? needsServers(query.variableKind) : usesServers(query);

  return (
    <Stack direction="column" gap={0}>
      <InlineFieldRow>
        <QueryTypeField id={`${query.refId}-query-type`} value={type} app={app} onChange={onTypeChange} />
        {hasNumericFields(type) && <NumericFieldPicker query={query} onChange={update} />}
        {type === QueryType.Metrics && <MetricField query={query} onChange={update} />}
      </InlineFieldRow>
      {type === QueryType.Logs && <LogsSection query={query} onChange={update} />}
      {type === QueryType.Variable && (
        <InlineFieldRow>
          <VariableKindField query={query} onChange={update} />
        </InlineFieldRow>
      )}
      {showServers && (
        <ServerSelection
          key={query.refId}
          datasource={datasource}
          query={query}
          label={info.servers === 'filter' ? 'Server filter' : 'Servers'}
          onChange={update}
        />
      )}
      {type === QueryType.Tasks && <TaskFilters query={query} onChange={update} />}
      {type === QueryType.Raw && <RawSection datasource={datasource} query={query} onChange={update} />}
      {info.legend && (
        <InlineFieldRow>
          <LegendField query={query} onChange={update} />
        </InlineFieldRow>
      )}
      {app === CoreApp.UnifiedAlerting && <AlertingHint query={query} />}
    </Stack>
  );
}
