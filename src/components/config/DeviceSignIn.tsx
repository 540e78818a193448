import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, ClipboardButton, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';

import { SignInState, useDeviceSignIn } from './useDeviceSignIn';

interface Props {
  uid: string;
  /** The settings hold a stored token (after a sign-in: the settings were saved since). */
  saved: boolean;
  /** Receives the refresh token; the caller puts it into secureJsonData. */
  onToken: (token: string) => void;
}

/** "Sign in with netcup": the device-code flow, run by the backend, shown as code + link + countdown. */
export function DeviceSignIn({ uid, saved, onToken }: Props) {
  const { state, start, cancel, reset } = useDeviceSignIn(uid, onToken);
  switch (state.step) {
    case 'idle':
    case 'starting':
      return (
        <Button icon="signin" onClick={start} disabled={state.step === 'starting'}>
          {state.step === 'starting' ? 'Starting sign-in…' : 'Sign in with netcup'}
        </Button>
      );
    case 'waiting':
      return <Waiting state={state} onCancel={cancel} />;
    case 'success':
      return (
        <Alert severity="success" title="Signed in with netcup" onRemove={reset}>
          {saved ? (
            'The refresh token from netcup is stored.'
          ) : (
            <>
              A refresh token is ready. Click <b>Save &amp; test</b> to store it.
            </>
          )}
        </Alert>
      );
    default:
      return (
        <Alert
          severity={state.step === 'cancelled' ? 'info' : 'error'}
          title={TITLES[state.step]}
          action={
            <Button size="sm" variant="secondary" onClick={start}>
              Try again
            </Button>
          }
        >
          {state.message}
        </Alert>
      );
  }
}

const TITLES = {
  denied: 'Sign-in denied',
  expired: 'Sign-in code expired',
  cancelled: 'Sign-in cancelled',
  error: 'Sign-in failed',
};

function Waiting({ state, onCancel }: { state: Extract<SignInState, { step: 'waiting' }>; onCancel: () => void }) {
  const styles = useStyles2(getStyles);
  const remaining = useSecondsUntil(state.expiresAt);
  const link = state.verificationUriComplete ?? state.verificationUri;
  return (
    <Alert severity="info" title="Approve the sign-in at netcup" data-testid="device-sign-in">
      <Stack direction="column" gap={1}>
        <Text>Open the netcup page, sign in, and confirm that it shows this code:</Text>
        <Stack alignItems="center" gap={1}>
          <span className={styles.code} aria-label="User code">
            {state.userCode}
          </span>
          <ClipboardButton size="sm" variant="secondary" icon="copy" getText={() => state.userCode}>
            Copy
          </ClipboardButton>
        </Stack>
        <Stack gap={1}>
          <LinkButton href={link} target="_blank" rel="noopener noreferrer" icon="external-link-alt">
            Open netcup sign-in
          </LinkButton>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </Stack>
        <Text color="secondary" aria-live="polite">
          Waiting for approval, checking every {state.interval} s
          {state.polls > 0 ? ` (checked ${state.polls} ${state.polls === 1 ? 'time' : 'times'})` : ''}. The code expires
          in {formatDuration(remaining)}.
        </Text>
      </Stack>
    </Alert>
  );
}

/** Seconds left until the epoch-ms deadline, refreshed every second. */
function useSecondsUntil(deadline: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return Math.max(0, Math.round((deadline - now) / 1000));
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.h3.fontSize,
    letterSpacing: '0.15em',
    padding: theme.spacing(0.5, 1.5),
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.canvas,
  }),
});
