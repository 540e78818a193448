import React, { useEffect, useState } from 'react';
import { DataFrame } from '@grafana/data';
import { Stack, Tag, Text } from '@grafana/ui';

import { VariableQueryEditor } from '../../../src/components/VariableQueryEditor';
import { DataSource } from '../../../src/datasource';
import { ScpQuery } from '../../../src/types';
import { ScpVariableSupport } from '../../../src/variables';
import { panelRequest, run } from './request';
import { Box } from './Shell';

/** The values a variable would get: the text field (or the first field) of each frame. */
function values(frames: DataFrame[]): string[] {
  return frames.flatMap((frame) => {
    const field = frame.fields.find((f) => f.name === 'text') ?? frame.fields[0];
    return field ? field.values.map(String) : [];
  });
}

/** The variable editor of a query variable, with the "Preview of values" Grafana shows. */
export function VariablePage({ datasource }: { datasource: DataSource }) {
  const [query, setQuery] = useState<ScpQuery>({ refId: 'variable' });
  const [preview, setPreview] = useState<{ values: string[]; error?: string }>({ values: [] });

  useEffect(() => {
    const support = datasource.variables as ScpVariableSupport;
    run(support.query(panelRequest([query]))).then((rsp) =>
      setPreview({ values: values(rsp.data), error: rsp.errors?.[0]?.message })
    );
  }, [datasource, query]);

  return (
    <div data-testid="variable-page">
      <Stack direction="column" gap={2}>
        <Box label="Query variable $server" testId="variable-editor">
          <VariableQueryEditor query={query} datasource={datasource} onChange={setQuery} onRunQuery={() => undefined} />
        </Box>
        <Box label="Preview of values" testId="variable-preview">
          {preview.error && <Text color="error">{preview.error}</Text>}
          <Stack wrap="wrap" gap={1}>
            {preview.values.map((v) => (
              <Tag key={v} name={v} colorIndex={9} />
            ))}
          </Stack>
        </Box>
      </Stack>
    </div>
  );
}
