import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { Observable, from, lastValueFrom } from 'rxjs';

/**
 * The part of Grafana's backendSrv the plugin uses, over window.fetch: same request options,
 * same response shape, and failures rejected as FetchError with the answer's JSON as data.
 */
async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const url = new URL(options.url, window.location.origin);
  for (const [key, value] of Object.entries(options.params ?? {})) {
    if (value !== undefined) {
      url.searchParams.set(key, String(value));
    }
  }
  const headers = new Headers(options.headers ?? {});
  let body: string | undefined;
  if (options.data !== undefined && options.method !== 'GET') {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.data);
  }
  const rsp = await window.fetch(url, { method: options.method ?? 'GET', headers, body });
  const text = await rsp.text();
  let data: unknown = text;
  if (rsp.headers.get('Content-Type')?.includes('json') && text !== '') {
    data = JSON.parse(text);
  }
  if (!rsp.ok) {
    const err: FetchError = { status: rsp.status, statusText: rsp.statusText, data, config: options };
    throw err;
  }
  return {
    data: data as T,
    status: rsp.status,
    statusText: rsp.statusText,
    ok: rsp.ok,
    headers: rsp.headers,
    redirected: rsp.redirected,
    type: rsp.type,
    url: rsp.url,
    config: options,
  };
}

function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return from(send<T>(options));
}

async function call<T>(options: BackendSrvRequest): Promise<T> {
  return (await lastValueFrom(fetchObservable<T>(options))).data;
}

export const pageBackendSrv = {
  fetch: fetchObservable,
  get: (url: string, params?: BackendSrvRequest['params']) => call({ url, params, method: 'GET' }),
  post: (url: string, data?: unknown) => call({ url, data, method: 'POST' }),
  put: (url: string, data?: unknown) => call({ url, data, method: 'PUT' }),
  patch: (url: string, data?: unknown) => call({ url, data, method: 'PATCH' }),
  delete: (url: string, data?: unknown) => call({ url, data, method: 'DELETE' }),
  request: (options: BackendSrvRequest) => call(options),
  datasourceRequest: (options: BackendSrvRequest) => send(options),
} as unknown as BackendSrv;
