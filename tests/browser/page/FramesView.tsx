import React from 'react';
import { css } from '@emotion/css';
import { DataFrame, GrafanaTheme2 } from '@grafana/data';
import { Stack, Text, useStyles2 } from '@grafana/ui';

/** What a panel would receive: each frame's name, type, fields and first rows. */
export function FramesView({ frames }: { frames: DataFrame[] }) {
  const styles = useStyles2(getStyles);
  if (frames.length === 0) {
    return <Text color="secondary">No frames</Text>;
  }
  return (
    <Stack direction="column" gap={2}>
      <Text data-testid="frame-count">{`${frames.length} ${frames.length === 1 ? 'frame' : 'frames'}`}</Text>
      {frames.slice(0, 3).map((frame, i) => (
        <div key={i} data-testid="frame">
          <Text variant="bodySmall" color="secondary">
            {`${frame.name ?? '(unnamed)'} · ${frame.meta?.type ?? 'no type'} · ${frame.length} rows`}
          </Text>
          <table className={styles.table}>
            <thead>
              <tr>
                {frame.fields.map((f) => (
                  // As a panel names a series: the name the backend gives it, else the field's.
                  <th key={f.name}>{f.config?.displayNameFromDS ?? f.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: Math.min(frame.length, 5) }, (_, row) => (
                <tr key={row}>
                  {frame.fields.map((f) => (
                    <td key={f.name}>{format(f.values[row])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </Stack>
  );
}

function format(v: unknown): string {
  if (v === null || v === undefined) {
    return '';
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      border: `1px solid ${theme.colors.border.weak}`,
      padding: theme.spacing(0.25, 1),
      textAlign: 'left',
      whiteSpace: 'nowrap',
    },
  }),
});
