import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

/** The backend's answer to `device/start`; the device code itself stays in the backend. */
export interface DeviceStart {
  sessionId: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresIn: number;
  interval: number;
}

export type PollStatus = 'pending' | 'slow_down' | 'success' | 'denied' | 'expired';

export interface DevicePoll {
  status: PollStatus;
  interval?: number;
  message?: string;
  /** Only on success; it goes straight into secureJsonData and is never shown. */
  refreshToken?: string;
}

async function post<T>(uid: string, route: string, data?: unknown): Promise<T> {
  const rsp = await lastValueFrom(
    getBackendSrv().fetch<T>({
      url: `/api/datasources/uid/${encodeURIComponent(uid)}/resources/device/${route}`,
      method: 'POST',
      data: data ?? {},
      showErrorAlert: false,
      showSuccessAlert: false,
    })
  );
  return rsp.data;
}

export const deviceApi = {
  start: (uid: string) => post<DeviceStart>(uid, 'start'),
  poll: (uid: string, sessionId: string) => post<DevicePoll>(uid, 'poll', { sessionId }),
  cancel: (uid: string, sessionId: string) => post<{ message: string }>(uid, 'cancel', { sessionId }),
  revoke: (uid: string) => post<{ message: string }>(uid, 'revoke'),
};
