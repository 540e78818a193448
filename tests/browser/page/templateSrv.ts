import { ScopedVars, TypedVariableModel } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

/**
 * A dashboard with one multi-value variable, `server`, holding the given server ids: enough
 * for the editors to offer `$server` and for queries to expand it.
 */
export function pageTemplateSrv(variables: Record<string, string[]>): TemplateSrv {
  return {
    getVariables: () =>
      Object.keys(variables).map((name) => ({ name, type: 'custom', multi: true }) as unknown as TypedVariableModel),
    containsTemplate: (target?: string) => Boolean(target && /\$\w+/.test(target)),
    updateTimeRange: () => undefined,
    replace: (target?: string, _scopedVars?: ScopedVars, format?: string | Function) =>
      (target ?? '').replace(/\$(\w+)/g, (match: string, name: string) => {
        const value = variables[name];
        if (!value) {
          return match;
        }
        if (typeof format === 'function') {
          return format(value);
        }
        return format === 'regex' ? `(${value.join('|')})` : value.join(',');
      }),
  };
}
