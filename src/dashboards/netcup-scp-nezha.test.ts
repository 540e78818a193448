import {
  DataFrame,
  DataTransformerConfig,
  FieldType,
  TransformerRegistryItem,
  createDataFrame,
  getFieldDisplayName,
  standardTransformers,
  standardTransformersRegistry,
  transformDataFrame,
} from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import dashboard from './netcup-scp-nezha.json';

/**
 * The "SCP and Nezha per server" table joins two tables in the browser. These tests run its
 * transformations as Grafana does, over frames with the backend's columns (serverStatus and
 * nezhaStatus), to pin down what the dashboard documents: the join key, and that a server
 * found on one side only keeps its row.
 */

beforeAll(() => {
  // Grafana registers its transformers at start-up; a test has no Grafana app, so it registers
  // those of @grafana/data, once per id, itself.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const byId = new Map(Object.values(standardTransformers).map((t) => [t.id, t]));
  standardTransformersRegistry.setInit(() =>
    [...byId.values()].map((t): TransformerRegistryItem => ({
      id: t.id,
      name: t.name,
      transformation: () => Promise.resolve(t),
      editor: () => null,
      imageDark: '',
      imageLight: '',
    }))
  );
});

const table = dashboard.panels.find((p) => p.title === 'SCP and Nezha per server')!;

function column(name: string, values: unknown[]) {
  const sample = values.find((v) => v !== null);
  const type =
    typeof sample === 'number' ? FieldType.number : typeof sample === 'boolean' ? FieldType.boolean : FieldType.string;
  return { name, type, values };
}

/** A serverStatus table as the backend answers it (pkg/query/server_status.go), three servers. */
function scpStatus(): DataFrame {
  const n = (v: unknown) => [v, v, v];
  return createDataFrame({
    refId: 'SCP',
    name: 'serverStatus',
    fields: [
      column('id', [1, 2, 3]),
      column('name', ['v2202501', 'v2202502', 'v2202503']),
      column('nickname', ['web1', 'db1', '']),
      column('hostname', ['web1.example.com', 'db1.example.com', 'v2202503.example.net']),
      column('state', ['RUNNING', 'SHUTOFF', 'RUNNING']),
      column('running', [1, 0, 1]),
      ...['uptimeSeconds', 'cpuMaxCount', 'maxMemoryBytes', 'snapshotCount', 'disksAvailableBytes'].map((c) =>
        column(c, n(1))
      ),
      column('startTime', n('2026-11-01T00:00:00Z')),
      column('cpuCount', [2, 4, 8]),
      column('memoryBytes', [2 << 30, 4 << 30, 8 << 30]),
      ...['site', 'architecture', 'ipv4', 'ipv6'].map((c) => column(c, n('x'))),
      ...[
        'autostart',
        'uefi',
        'latestQemu',
        'rebootRecommended',
        'rescueActive',
        'snapshotAllowed',
        'disabled',
        'gpuDriverAvailable',
        'guestAgentAvailable',
      ].map((c) => column(c, n(false))),
    ],
  });
}

/** A nezhaStatus table as the backend answers it (pkg/query/nezha_status.go), named as given. */
function nezhaStatus(names: string[]): DataFrame {
  const n = (v: unknown) => names.map(() => v);
  return createDataFrame({
    refId: 'Nezha',
    name: 'nezhaStatus',
    fields: [
      column(
        'id',
        names.map((_, i) => i + 1)
      ),
      column('name', names),
      column('tag', n('prod')),
      column('online', n(true)),
      column('lastActive', n('2026-11-24T10:00:00Z')),
      ...['platform', 'platformVersion', 'arch', 'virtualization', 'cpuModel', 'agentVersion', 'countryCode'].map((c) =>
        column(c, n('x'))
      ),
      column('bootTime', n('2026-11-01T00:00:00Z')),
      column(
        'cpuPercent',
        names.map((_, i) => 10 * (i + 1))
      ),
      column('memUsedPercent', n(50)),
      column('load1', n(0.5)),
      ...[
        'memUsedBytes',
        'memTotalBytes',
        'swapUsedBytes',
        'swapTotalBytes',
        'swapUsedPercent',
        'diskUsedBytes',
        'diskTotalBytes',
        'diskUsedPercent',
        'netInSpeed',
        'netOutSpeed',
        'netInTransferBytes',
        'netOutTransferBytes',
        'load5',
        'load15',
        'tcpConnections',
        'udpConnections',
        'processes',
        'uptimeSeconds',
      ].map((c) => column(c, n(1))),
    ],
  });
}

/** Runs the table's transformations with the dashboard's "Match Nezha name to" set to key. */
async function joined(key: string, frames: DataFrame[]) {
  const out = await lastValueFrom(
    transformDataFrame(table.transformations as DataTransformerConfig[], frames, {
      interpolate: (s: string) => s.replace(/\$\{scp_key\}/g, key),
    })
  );
  expect(out).toHaveLength(1);
  const frame = out[0];
  // Renames set the display name, which is what the table shows as the header.
  const names = frame.fields.map((f) => getFieldDisplayName(f, frame, out));
  const rows = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < frame.length; i++) {
    const row = Object.fromEntries(frame.fields.map((f, c) => [names[c], f.values[i]]));
    rows.set(String(row.Server), row);
  }
  return { names, rows };
}

describe('dashboard "netcup SCP + Nezha"', () => {
  it('joins by SCP name by default, keeping servers found on one side only', async () => {
    const scpKey = dashboard.templating.list.find((v) => v.name === 'scp_key')!;
    expect(scpKey.current).toEqual({ text: 'name', value: 'name' });

    const { names, rows } = await joined('name', [scpStatus(), nezhaStatus(['v2202501', 'hk-ci-9'])]);
    expect(names).toEqual([
      'Server',
      'SCP state',
      'vCPUs',
      'Memory',
      'Nezha agent',
      'CPU %',
      'Memory used %',
      'Load 1m',
      'Nickname',
      'Hostname',
    ]);
    expect(rows.get('v2202501')).toEqual({
      Server: 'v2202501',
      'SCP state': 'RUNNING',
      vCPUs: 2,
      Memory: 2 << 30,
      'Nezha agent': true,
      'CPU %': 10,
      'Memory used %': 50,
      'Load 1m': 0.5,
      Nickname: 'web1',
      Hostname: 'web1.example.com',
    });
    // No Nezha agent under that name: the Nezha columns stay empty ("no Nezha agent").
    expect(rows.get('v2202502')).toMatchObject({ 'SCP state': 'SHUTOFF', 'Nezha agent': null, 'CPU %': null });
    expect(rows.get('v2202503')).toMatchObject({ 'SCP state': 'RUNNING', 'Nezha agent': null });
    // Not in SCP under that name: the SCP columns stay empty ("not in SCP").
    expect(rows.get('hk-ci-9')).toMatchObject({ 'SCP state': null, vCPUs: null, 'Nezha agent': true, 'CPU %': 20 });
    expect(rows.size).toBe(4);
  });

  it('joins by nickname when the variable says so, and shows the SCP name beside it', async () => {
    const { names, rows } = await joined('nickname', [scpStatus(), nezhaStatus(['db1', 'v2202501'])]);
    expect(names).toContain('SCP name');
    expect(names).not.toContain('Nickname');
    expect(rows.get('db1')).toMatchObject({ 'SCP name': 'v2202502', 'SCP state': 'SHUTOFF', 'CPU %': 10 });
    expect(rows.get('web1')).toMatchObject({ 'SCP name': 'v2202501', 'Nezha agent': null });
    // Matched by name only, which this key does not look at.
    expect(rows.get('v2202501')).toMatchObject({ 'SCP state': null, 'CPU %': 20 });
  });

  it('is case-sensitive and exact', async () => {
    const { rows } = await joined('hostname', [scpStatus(), nezhaStatus(['WEB1.example.com', 'db1.example.com'])]);
    expect(rows.get('db1.example.com')).toMatchObject({ 'SCP state': 'SHUTOFF', 'Nezha agent': true });
    expect(rows.get('web1.example.com')).toMatchObject({ 'Nezha agent': null });
    expect(rows.get('WEB1.example.com')).toMatchObject({ 'SCP state': null });
  });

  it('uses two data source variables of this plugin, told apart by name', () => {
    const vars = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v]));
    const regex = (name: string) => {
      const [, body, flags] = /^\/(.*)\/(\w*)$/.exec(vars[name].regex!)!;
      return new RegExp(body, flags);
    };
    for (const name of ['scp', 'nezha']) {
      expect(vars[name]).toMatchObject({ type: 'datasource', query: 'vpsfleet-netcupscp-datasource' });
    }
    expect(regex('scp').test('netcup SCP (simulator)')).toBe(true);
    expect(regex('scp').test('Nezha (simulator)')).toBe(false);
    expect(regex('nezha').test('Nezha (simulator)')).toBe(true);
    expect(regex('nezha').test('netcup SCP')).toBe(false);
    // Every query names the variable of its provider.
    for (const panel of dashboard.panels) {
      for (const target of (panel as { targets?: Array<{ queryType: string; datasource: { uid: string } }> }).targets ??
        []) {
        expect([panel.title, target.datasource.uid]).toEqual([
          panel.title,
          target.queryType.startsWith('nezha') ? '${nezha}' : '${scp}',
        ]);
      }
    }
  });
});
