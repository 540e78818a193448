import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { setTemplateSrv } from '@grafana/runtime';

import { fakeTemplateSrv, newDataSource, newNezhaDataSource, sizeElementsForCombobox } from '../testing/setup';
import { QueryType, ScpQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

async function setup(query: ScpQuery, datasource = newDataSource(), options = [{ value: '101', label: 'web-1' }]) {
  const getResource = jest.spyOn(datasource, 'getResource').mockResolvedValue(options);
  const onChange = jest.fn();
  render(<VariableQueryEditor query={query} datasource={datasource} onChange={onChange} onRunQuery={jest.fn()} />);
  await act(async () => undefined);
  return { onChange, getResource };
}

beforeAll(sizeElementsForCombobox);
beforeEach(() => setTemplateSrv(fakeTemplateSrv({ server: ['101'] })));

describe('VariableQueryEditor', () => {
  it('lists servers by default, as a variable query', async () => {
    const { onChange } = await setup({ refId: 'A' });
    expect(screen.getByRole('radio', { name: 'Servers' })).toBeChecked();
    expect(screen.queryByText('Of servers')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Sites' }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ refId: 'A', queryType: QueryType.Variable, variableKind: 'sites' })
    );
  });

  it('asks for the servers of disks and interfaces, offering $server', async () => {
    const { onChange, getResource } = await setup({
      refId: 'A',
      queryType: QueryType.Variable,
      variableKind: 'servers',
    });
    fireEvent.click(screen.getByRole('radio', { name: 'Disks' }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ queryType: 'variable', variableKind: 'disks', serverMode: 'all' })
    );
    expect(getResource).not.toHaveBeenCalled();
  });

  it('picks $server as the servers of an interfaces variable', async () => {
    const { onChange, getResource } = await setup({
      refId: 'A',
      queryType: QueryType.Variable,
      variableKind: 'interfaces',
      serverMode: 'ids',
    });
    expect(screen.getByText('Of servers')).toBeInTheDocument();
    expect(getResource).toHaveBeenCalledWith('servers');
    fireEvent.click(screen.getByRole('combobox', { name: 'Pick' }));
    fireEvent.click(await screen.findByRole('option', { name: /\$server/ }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ variableKind: 'interfaces', serverMode: 'ids', serverIds: ['$server'] })
    );
  });

  it('drops the servers when switching back to a kind without them', async () => {
    const { onChange } = await setup({
      refId: 'A',
      queryType: QueryType.Variable,
      variableKind: 'disks',
      serverMode: 'ids',
      serverIds: ['$server'],
    });
    fireEvent.click(screen.getByRole('radio', { name: 'States' }));
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: 'variable',
      variableKind: 'states',
      serverMode: undefined,
      serverIds: undefined,
      serverRegex: undefined,
    });
  });

  describe('on a Nezha data source', () => {
    it('lists Nezha servers of a tag, or the tags', async () => {
      const { onChange, getResource } = await setup({ refId: 'A' }, newNezhaDataSource(), [
        { value: 'prod', label: 'prod' },
        { value: 'staging', label: 'staging' },
      ]);
      expect(screen.getByRole('radio', { name: 'Servers' })).toBeChecked();
      expect(screen.queryByRole('radio', { name: 'Disks' })).not.toBeInTheDocument();
      expect(screen.getByText(/Nezha server ids, shown by name/)).toBeInTheDocument();
      expect(getResource).toHaveBeenCalledWith('nezha/tags');
      fireEvent.click(screen.getByRole('combobox', { name: 'Tag' }));
      fireEvent.click(await screen.findByRole('option', { name: /staging/ }));
      expect(onChange).toHaveBeenLastCalledWith({
        refId: 'A',
        queryType: QueryType.NezhaServers,
        variableKind: 'servers',
        tag: 'staging',
      });
      fireEvent.click(screen.getByRole('radio', { name: 'Tags' }));
      expect(onChange).toHaveBeenLastCalledWith({
        refId: 'A',
        queryType: QueryType.NezhaServers,
        variableKind: 'tags',
        tag: undefined,
      });
    });

    it('hides the tag picker for a tags variable', async () => {
      await setup({ refId: 'A', queryType: QueryType.NezhaServers, variableKind: 'tags' }, newNezhaDataSource());
      expect(screen.getByRole('radio', { name: 'Tags' })).toBeChecked();
      expect(screen.queryByRole('combobox', { name: 'Tag' })).not.toBeInTheDocument();
      expect(screen.getByText(/v0 tags or v2 groups/)).toBeInTheDocument();
    });
  });
});
