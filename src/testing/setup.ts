import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { DataSource } from '../datasource';
import { ScpOptions } from '../types';

/**
 * Combobox virtualises its menu and renders no rows in a zero-sized jsdom layout; give
 * elements a size, as Grafana's own Combobox tests do.
 */
export function sizeElementsForCombobox() {
  Object.defineProperty(Element.prototype, 'getBoundingClientRect', {
    configurable: true,
    value: () => ({
      width: 400,
      height: 400,
      top: 0,
      left: 0,
      bottom: 400,
      right: 400,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    }),
  });
  for (const prop of ['clientWidth', 'clientHeight', 'offsetWidth', 'offsetHeight']) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => 400 });
  }
  Element.prototype.scrollIntoView = jest.fn();
  // The menu's scroll shadows watch their edges.
  Object.defineProperty(window, 'IntersectionObserver', {
    configurable: true,
    value: class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  });
  // Combobox sizes its menu from the text width; the scaffold's canvas stub returns nothing.
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
    configurable: true,
    value: () => ({ font: '', measureText: (text: string) => ({ width: text.length * 8 }) }),
  });
}

export function instanceSettings(jsonData: ScpOptions = {}): DataSourceInstanceSettings<ScpOptions> {
  return {
    uid: 'scp-test',
    type: 'vpsfleet-netcupscp-datasource',
    name: 'netcup SCP',
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: {
      id: 'vpsfleet-netcupscp-datasource',
      name: 'netcup SCP',
      type: PluginType.datasource,
      info: {
        author: { name: 'vpsfleet' },
        description: '',
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
      module: '',
      baseUrl: '',
    },
  };
}

export function newDataSource(): DataSource {
  return new DataSource(instanceSettings());
}

/** A data source whose provider is a Nezha dashboard. */
export function newNezhaDataSource(): DataSource {
  return new DataSource(instanceSettings({ provider: 'nezha', nezhaUrl: 'https://nezha.example.com' }));
}

/** A template service with fixed variables; multi-value ones expand like Grafana's. */
export function fakeTemplateSrv(values: Record<string, string | string[]> = {}): TemplateSrv {
  const lookup = (name: string) => values[name];
  return {
    getVariables: () =>
      Object.keys(values).map((name) => ({ name, type: 'custom' })) as ReturnType<TemplateSrv['getVariables']>,
    containsTemplate: (target?: string) => Boolean(target && /\$\w+/.test(target)),
    updateTimeRange: () => undefined,
    replace: (target?: string, _scoped?: unknown, format?: string | Function) =>
      (target ?? '').replace(/\$(\w+)|\$\{(\w+)\}/g, (match, a, b) => {
        const value = lookup(a ?? b);
        if (value === undefined) {
          return match;
        }
        if (typeof format === 'function') {
          return format(value);
        }
        if (format === 'regex') {
          const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          return Array.isArray(value) ? `(${value.map(escape).join('|')})` : escape(value);
        }
        return Array.isArray(value) ? value.join(',') : value;
      }),
  } as TemplateSrv;
}
