import React from 'react';
import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';

import { LOG_SOURCES } from '../../fields';
import { LogSource, ScpQuery } from '../../types';
import { LimitField } from './LimitField';

interface Props {
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

export function LogsSection({ query, onChange }: Props) {
  const onSourceChange = (logSource: LogSource) =>
    // The account log has no servers; drop the selection rather than carry it unused.
    onChange(
      logSource === 'user'
        ? { logSource, serverMode: undefined, serverIds: undefined, serverRegex: undefined }
        : { logSource, serverMode: query.serverMode ?? 'all' }
    );
  return (
    <InlineFieldRow>
      <InlineField label="Log" labelWidth={14} tooltip="Server logs, or the log of your SCP account">
        <RadioButtonGroup<LogSource>
          id={`${query.refId}-log-source`}
          options={LOG_SOURCES}
          value={query.logSource ?? 'server'}
          onChange={onSourceChange}
        />
      </InlineField>
      <LimitField query={query} what="log entries" onChange={onChange} />
    </InlineFieldRow>
  );
}
