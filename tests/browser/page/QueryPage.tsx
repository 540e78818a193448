import React, { ComponentType, useCallback, useEffect, useRef, useState } from 'react';
import { CoreApp, DataQueryResponse, QueryEditorProps } from '@grafana/data';
import { Alert, RadioButtonGroup, Stack } from '@grafana/ui';

import type { DataSource } from '../../../src/datasource';
import type { ScpOptions, ScpQuery } from '../../../src/types';
import { FramesView } from './FramesView';
import { panelRequest, run } from './request';
import { Box } from './Shell';

const APPS = [
  { label: 'Dashboard', value: CoreApp.Dashboard },
  { label: 'Explore', value: CoreApp.Explore },
  { label: 'Alert rule', value: CoreApp.UnifiedAlerting },
];

export type QueryEditorComponent = ComponentType<QueryEditorProps<DataSource, ScpQuery, ScpOptions>>;

/** A panel editor: query row A over the result the backend returns for it. */
export function QueryPage({
  datasource,
  editor: QueryEditor,
}: {
  datasource: DataSource;
  editor: QueryEditorComponent;
}) {
  const [app, setApp] = useState<CoreApp>(CoreApp.Dashboard);
  const [query, setQuery] = useState<ScpQuery>({ refId: 'A', ...datasource.getDefaultQuery(CoreApp.Dashboard) });
  const [result, setResult] = useState<{ running: boolean; response?: DataQueryResponse }>({ running: false });

  // Like a panel, show only the answer to the latest run.
  const latest = useRef(0);
  const runQuery = useCallback(
    (q: ScpQuery) => {
      const seq = ++latest.current;
      setResult((r) => ({ ...r, running: true }));
      run(datasource.query(panelRequest([q], app))).then((response) => {
        if (seq === latest.current) {
          setResult({ running: false, response });
        }
      });
    },
    [datasource, app]
  );
  // Like a panel, run the query as it is when the editor says so.
  const [pending, setPending] = useState(true);
  useEffect(() => {
    if (pending) {
      setPending(false);
      runQuery(query);
    }
  }, [pending, query, runQuery]);

  const errors = result.response?.errors ?? [];
  return (
    <div data-testid="query-page">
      <Stack direction="column" gap={2}>
        <Stack alignItems="center" gap={1}>
          <RadioButtonGroup options={APPS} value={app} onChange={setApp} aria-label="Editor context" />
        </Stack>
        <Box label="Query A" testId="query-editor">
          <QueryEditor
            query={query}
            datasource={datasource}
            app={app}
            onChange={setQuery}
            onRunQuery={() => setPending(true)}
          />
        </Box>
        <Box label={result.running ? 'Result (running…)' : 'Result'} testId="query-result">
          {errors.map((e, i) => (
            <Alert key={i} severity="error" title="Query error">
              {e.message}
            </Alert>
          ))}
          <FramesView frames={result.response?.data ?? []} />
        </Box>
      </Stack>
    </div>
  );
}
