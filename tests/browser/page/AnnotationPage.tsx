import React, { useEffect, useState } from 'react';
import { AnnotationEvent, dateTime } from '@grafana/data';
import { Stack, Text } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

import { AnnotationQueryEditor } from '../../../src/components/AnnotationQueryEditor';
import { DataSource } from '../../../src/datasource';
import { ScpQuery } from '../../../src/types';
import { panelRequest, run } from './request';
import { Box } from './Shell';

/** A dashboard annotation: its editor, and the events it would draw over the last 6 hours. */
export function AnnotationPage({ datasource }: { datasource: DataSource }) {
  const support = datasource.annotations!;
  const [query, setQuery] = useState<ScpQuery>({ refId: 'Anno', ...support.getDefaultQuery!() });
  const [events, setEvents] = useState<{ list: AnnotationEvent[]; error?: string }>({ list: [] });

  useEffect(() => {
    run(datasource.query(panelRequest([query]))).then(async (rsp) => {
      const list = await lastValueFrom(
        support.processEvents!({ enable: true, name: 'SCP', iconColor: 'red', target: query }, rsp.data)
      );
      setEvents({ list: list ?? [], error: rsp.errors?.[0]?.message });
    });
  }, [datasource, support, query]);

  return (
    <Stack direction="column" gap={2}>
      <Box label="Annotation query" testId="annotation-editor">
        <AnnotationQueryEditor query={query} datasource={datasource} onChange={setQuery} onRunQuery={() => undefined} />
      </Box>
      <Box label="Events" testId="annotation-events">
        {events.error && <Text color="error">{events.error}</Text>}
        <Text data-testid="event-count">{`${events.list.length} events`}</Text>
        <ul>
          {events.list.slice(0, 5).map((e, i) => (
            <li key={i}>
              <Text variant="bodySmall">{`${dateTime(e.time).toISOString()} ${e.title ?? ''} ${e.text ?? ''}`}</Text>
            </li>
          ))}
        </ul>
      </Box>
    </Stack>
  );
}
