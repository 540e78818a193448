import React, { ReactNode } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';

const PAGES = [
  { hash: '#/query', title: 'Query editor' },
  { hash: '#/config', title: 'Config page' },
  { hash: '#/variable', title: 'Variable editor' },
  { hash: '#/annotation', title: 'Annotation editor' },
  { hash: '#/artefact', title: 'Built plugin' },
];

/** The page frame: says plainly that this is a test page, not Grafana. */
export function Shell({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page}>
      <Stack direction="column" gap={2}>
        <Stack justifyContent="space-between" alignItems="center">
          <Text element="h1" variant="h3">
            netcup SCP · {title}
          </Text>
          <Stack gap={1}>
            {PAGES.map((p) => (
              <LinkButton key={p.hash} href={p.hash} fill="text" size="sm">
                {p.title}
              </LinkButton>
            ))}
          </Stack>
        </Stack>
        <Text color="secondary" variant="bodySmall">
          Test page standing in for Grafana: the plugin&apos;s real editors with @grafana/ui, talking to the compiled
          plugin backend through a small Go host (cmd/devhost) and the SCP simulator.
        </Text>
        {children}
      </Stack>
    </div>
  );
}

/** A panel-like box around an editor or a result. */
export function Box({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.box} aria-label={label} data-testid={testId}>
      <Text element="h2" variant="h5">
        {label}
      </Text>
      <div className={styles.content}>{children}</div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(3), minHeight: '100vh', background: theme.colors.background.canvas }),
  box: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
  }),
  content: css({ marginTop: theme.spacing(1), overflowX: 'auto' }),
});
