import { useCallback, useEffect, useRef, useState } from 'react';

import { errorMessage } from '../../backendError';
import { deviceApi } from './deviceApi';

export type SignInState =
  | { step: 'idle' }
  | { step: 'starting' }
  | {
      step: 'waiting';
      userCode: string;
      verificationUri: string;
      verificationUriComplete?: string;
      /** Epoch ms when the code expires. */
      expiresAt: number;
      /** Seconds between polls; grows by 5 on every slow_down. */
      interval: number;
      polls: number;
    }
  | { step: 'success' }
  | { step: 'denied' | 'expired' | 'cancelled' | 'error'; message: string };

export const MESSAGES = {
  denied: 'The sign-in was denied at netcup. Nothing was stored.',
  expired: 'The code expired before it was approved. Start again to get a new one.',
  cancelled: 'Sign-in cancelled. Nothing was stored.',
};

/**
 * Runs the device sign-in through the backend: start, then one poll per interval until
 * netcup approves, denies or the code expires. onToken receives the refresh token once.
 */
export function useDeviceSignIn(uid: string, onToken: (token: string) => void) {
  const [state, setState] = useState<SignInState>({ step: 'idle' });
  // The running sign-in; a loop whose session is no longer current stops.
  const session = useRef<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onTokenRef = useRef(onToken);
  useEffect(() => {
    onTokenRef.current = onToken;
  }, [onToken]);

  const stop = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    session.current = undefined;
  }, []);

  const finish = useCallback(
    (next: SignInState) => {
      stop();
      setState(next);
    },
    [stop]
  );

  const wait = (seconds: number) =>
    new Promise<void>((resolve) => {
      timer.current = setTimeout(resolve, seconds * 1000);
    });

  const start = useCallback(async () => {
    stop();
    setState({ step: 'starting' });
    let sessionId: string;
    let expiresAt: number;
    let interval: number;
    try {
      const rsp = await deviceApi.start(uid);
      sessionId = rsp.sessionId;
      expiresAt = Date.now() + rsp.expiresIn * 1000;
      interval = rsp.interval;
      session.current = sessionId;
      setState({
        step: 'waiting',
        userCode: rsp.userCode,
        verificationUri: rsp.verificationUri,
        verificationUriComplete: rsp.verificationUriComplete,
        expiresAt,
        interval,
        polls: 0,
      });
    } catch (err) {
      finish({ step: 'error', message: errorMessage(err) });
      return;
    }
    for (;;) {
      await wait(interval);
      if (session.current !== sessionId) {
        return; // cancelled or unmounted while waiting
      }
      if (Date.now() >= expiresAt) {
        finish({ step: 'expired', message: MESSAGES.expired });
        return;
      }
      try {
        const rsp = await deviceApi.poll(uid, sessionId);
        if (session.current !== sessionId) {
          return;
        }
        switch (rsp.status) {
          case 'success':
            if (rsp.refreshToken) {
              onTokenRef.current(rsp.refreshToken);
            }
            finish({ step: 'success' });
            return;
          case 'denied':
            finish({ step: 'denied', message: MESSAGES.denied });
            return;
          case 'expired':
            finish({ step: 'expired', message: rsp.message ?? MESSAGES.expired });
            return;
          case 'slow_down':
            interval = rsp.interval || interval + 5;
            break;
          default:
            interval = rsp.interval || interval;
        }
        const next = interval;
        setState((s) => (s.step === 'waiting' ? { ...s, interval: next, polls: s.polls + 1 } : s));
      } catch (err) {
        finish({ step: 'error', message: errorMessage(err) });
        return;
      }
    }
  }, [uid, stop, finish]);

  const cancel = useCallback(() => {
    const sessionId = session.current;
    finish({ step: 'cancelled', message: MESSAGES.cancelled });
    if (sessionId) {
      // Best effort: the backend forgets the code, which would expire anyway.
      deviceApi.cancel(uid, sessionId).catch(() => undefined);
    }
  }, [uid, finish]);

  const reset = useCallback(() => finish({ step: 'idle' }), [finish]);

  useEffect(
    () => () => {
      const sessionId = session.current;
      stop();
      if (sessionId) {
        deviceApi.cancel(uid, sessionId).catch(() => undefined);
      }
    },
    [uid, stop]
  );

  return { state, start, cancel, reset };
}
