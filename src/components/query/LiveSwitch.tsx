import React from 'react';
import { InlineField, InlineSwitch } from '@grafana/ui';

import { QueryType, ScpQuery } from '../../types';

/** The query types whose answers Grafana Live can keep up to date. */
export const LIVE_QUERY_TYPES: QueryType[] = [QueryType.Tasks, QueryType.ServerStatus];

interface Props {
  query: ScpQuery;
  /** Live is on for the data source (its liveIntervalSeconds is not 0). */
  available: boolean;
  onChange: (patch: Partial<ScpQuery>) => void;
}

/** Turns a tasks or serverStatus query live: the panel follows SCP as it changes, without a refresh. */
export function LiveSwitch({ query, available, onChange }: Props) {
  const id = `${query.refId}-live`;
  return (
    <InlineField
      label="Live"
      labelWidth={8}
      htmlFor={id}
      disabled={!available}
      tooltip={
        available
          ? 'Push changes to the panel as they happen: running tasks and their progress, or each server’s state, ' +
            'running flag and uptime (one frame per server). Alert rules ignore it.'
          : 'Live is off for this data source: its liveIntervalSeconds setting is 0'
      }
    >
      <InlineSwitch
        id={id}
        value={available && Boolean(query.live)}
        onChange={(e) => onChange({ live: e.currentTarget.checked || undefined })}
      />
    </InlineField>
  );
}
