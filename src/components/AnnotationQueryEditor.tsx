import React from 'react';
import { AnnotationQuery, QueryEditorProps } from '@grafana/data';
import { InlineFieldRow, Stack, Text } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { withQueryType } from '../queryModel';
import { ANNOTATION_TYPES, usesServers } from '../queryTypes';
import { QueryType, ScpOptions, ScpQuery } from '../types';
import { LogsSection } from './query/LogsSection';
import { QueryTypeField } from './query/QueryTypeField';
import { ServerSelection } from './query/ServerSelection';
import { TaskFilters } from './query/TaskFilters';

type Props = QueryEditorProps<DataSource, ScpQuery, ScpOptions> & {
  annotation?: AnnotationQuery<ScpQuery>;
  onAnnotationChange?: (annotation: AnnotationQuery<ScpQuery>) => void;
};

const HINTS: Record<string, string> = {
  [QueryType.Tasks]: 'One region per task from its start to its end, titled by the task, coloured by its state.',
  [QueryType.Maintenance]: 'The maintenance window netcup announces, as one region.',
  [QueryType.Logs]: 'One annotation per log entry, tagged with its level.',
};

/** Annotations from SCP tasks, the maintenance window, or server and account logs. */
export function AnnotationQueryEditor(props: Props) {
  if (props.datasource.provider === 'nezha') {
    return (
      <Text color="secondary" italic>
        A Nezha data source makes no annotations. Use a netcup SCP data source for tasks, maintenance and logs.
      </Text>
    );
  }
  return <ScpAnnotationEditor {...props} />;
}

function ScpAnnotationEditor({ query, datasource, onChange }: Props) {
  const type = query.queryType && ANNOTATION_TYPES.includes(query.queryType) ? query.queryType : QueryType.Tasks;
  const current: ScpQuery = type === query.queryType ? query : withQueryType(query, type);
  const update = (patch: Partial<ScpQuery>) => onChange({ ...current, ...patch });

  return (
    <Stack direction="column" gap={0}>
      <InlineFieldRow>
        <QueryTypeField
          id={`${query.refId ?? 'anno'}-annotation-type`}
          value={type}
          only={ANNOTATION_TYPES}
          onChange={(next) => onChange(withQueryType(current, next))}
        />
      </InlineFieldRow>
      {type === QueryType.Logs && <LogsSection query={current} onChange={update} />}
      {type !== QueryType.Maintenance && usesServers(current) && (
        <ServerSelection
          datasource={datasource}
          query={current}
          label={type === QueryType.Tasks ? 'Server filter' : 'Servers'}
          onChange={update}
        />
      )}
      {type === QueryType.Tasks && <TaskFilters query={current} onChange={update} />}
      <Text color="secondary" italic>
        {HINTS[type] ?? ''}
      </Text>
    </Stack>
  );
}
