import React from 'react';
import { CoreApp, QueryEditorProps } from '@grafana/data';
import { Alert, InlineFieldRow, Stack } from '@grafana/ui';

import { DataSource } from '../datasource';
import { withQueryType } from '../queryModel';
import { hasNumericFields, implicitQueryType, queryTypeInfo, usesServers } from '../queryTypes';
import { QueryType, ScpOptions, ScpQuery } from '../types';
import { AlertingHint } from './query/AlertingHint';
import { LegendField } from './query/LegendField';
import { LIVE_QUERY_TYPES, LiveSwitch } from './query/LiveSwitch';
import { LogsSection } from './query/LogsSection';
import { MetricField } from './query/MetricField';
import { NezhaMetricField } from './query/NezhaMetricField';
import { NumericFieldPicker } from './query/NumericFieldPicker';
import { QueryTypeField } from './query/QueryTypeField';
import { RawSection } from './query/RawSection';
import { ServerSelection } from './query/ServerSelection';
import { TagField } from './query/TagField';
import { TaskFilters } from './query/TaskFilters';
import { VariableKindField, needsServers } from './query/VariableKindField';

type Props = QueryEditorProps<DataSource, ScpQuery, ScpOptions>;

const PROVIDER_NAMES = { scp: 'netcup SCP', nezha: 'a Nezha dashboard' };

export function QueryEditor({ query, datasource, app, onChange, onRunQuery }: Props) {
  const provider = datasource.provider;
  // A query without a type is answered with the provider's implicit type; show that one.
  const type = query.queryType ?? implicitQueryType(provider);
  const info = queryTypeInfo(type);

  const update = (patch: Partial<ScpQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {
      onRunQuery();
    }
  };
  const onTypeChange = (next: QueryType) => {
    onChange(withQueryType(query, next));
    // A raw GET runs once its path is picked; until then it would only answer an error.
    if (next !== QueryType.Raw) {
      onRunQuery();
    }
  };
  const showServers =
    type === QueryType.Variable ? needsServers(query.variableKind) : usesServers({ ...query, queryType: type });

  return (
    <Stack direction="column" gap={0}>
      {info.provider !== provider && (
        <Alert severity="warning" title="Query type of another provider" bottomSpacing={1}>
          {`${info.label} reads ${PROVIDER_NAMES[info.provider]}, but this data source reads ${PROVIDER_NAMES[provider]}. Pick one of its query types.`}
        </Alert>
      )}
      <InlineFieldRow>
        <QueryTypeField
          id={`${query.refId}-query-type`}
          value={type}
          app={app}
          provider={provider}
          onChange={onTypeChange}
        />
        {hasNumericFields(type) && <NumericFieldPicker query={{ ...query, queryType: type }} onChange={update} />}
        {type === QueryType.Metrics && <MetricField query={query} onChange={update} />}
        {type === QueryType.NezhaMetrics && <NezhaMetricField query={query} onChange={update} />}
        {LIVE_QUERY_TYPES.includes(type) && app !== CoreApp.UnifiedAlerting && (
          <LiveSwitch query={query} available={datasource.live} onChange={update} />
        )}
      </InlineFieldRow>
      {type === QueryType.Logs && <LogsSection query={query} onChange={update} />}
      {type === QueryType.Variable && (
        <InlineFieldRow>
          <VariableKindField query={query} onChange={update} />
        </InlineFieldRow>
      )}
      {info.provider === 'nezha' && (
        <InlineFieldRow>
          <TagField datasource={datasource} query={query} onChange={update} />
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
          <LegendField query={{ ...query, queryType: type }} onChange={update} />
        </InlineFieldRow>
      )}
      {app === CoreApp.UnifiedAlerting && <AlertingHint query={{ ...query, queryType: type }} />}
    </Stack>
  );
}
