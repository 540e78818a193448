/** The message of a failed backend call, as Grafana's backendSrv rejects it (FetchError). */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { data?: { message?: string }; message?: string; statusText?: string };
    return e.data?.message ?? e.message ?? e.statusText ?? 'request failed';
  }
  return String(err);
}
