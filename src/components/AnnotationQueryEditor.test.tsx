import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { setTemplateSrv } from '@grafana/runtime';

import { fakeTemplateSrv, newDataSource, newNezhaDataSource, sizeElementsForCombobox } from '../testing/setup';
import { QueryType, ScpQuery } from '../types';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';

async function setup(query: ScpQuery, datasource = newDataSource()) {
  jest.spyOn(datasource, 'getResource').mockResolvedValue([{ value: '101', label: 'web-1' }]);
  const onChange = jest.fn();
  render(<AnnotationQueryEditor query={query} datasource={datasource} onChange={onChange} onRunQuery={jest.fn()} />);
  await act(async () => undefined);
  return { onChange };
}

beforeAll(sizeElementsForCombobox);
beforeEach(() => setTemplateSrv(fakeTemplateSrv({ server: ['101'] })));

describe('AnnotationQueryEditor', () => {
  it('starts with tasks, filtered by state and server', async () => {
    const { onChange } = await setup({ refId: 'Anno' });
    expect(screen.getByRole('combobox', { name: 'Query type' })).toHaveValue('Tasks');
    expect(screen.getByText('Server filter')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('combobox', { name: 'States' }));
    fireEvent.click(await screen.findByRole('option', { name: 'ERROR' }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ queryType: QueryType.Tasks, taskStates: ['ERROR'], serverMode: 'all' })
    );
  });

  it('offers only the types that make annotations', async () => {
    await setup({ refId: 'Anno', queryType: QueryType.Tasks });
    fireEvent.click(screen.getByRole('combobox', { name: 'Query type' }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent ?? '');
    expect(options).toHaveLength(3);
    expect(options.join('|')).toMatch(/Tasks.*\|Maintenance.*\|Logs/);
  });

  it('switches to maintenance, which has no filters, and drops the task filters', async () => {
    const { onChange } = await setup({
      refId: 'Anno',
      queryType: QueryType.Tasks,
      taskStates: ['ERROR'],
      serverMode: 'all',
    });
    fireEvent.click(screen.getByRole('combobox', { name: 'Query type' }));
    fireEvent.click(await screen.findByRole('option', { name: /^Maintenance/ }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'Anno', queryType: 'maintenance' });
  });

  it('shows the maintenance window without filters', async () => {
    await setup({ refId: 'Anno', queryType: QueryType.Maintenance });
    expect(screen.queryByText('Server filter')).not.toBeInTheDocument();
    expect(screen.queryByText('States')).not.toBeInTheDocument();
    expect(screen.getByText(/maintenance window/)).toBeInTheDocument();
  });

  it('reads the logs of servers or of the account', async () => {
    const { onChange } = await setup({
      refId: 'Anno',
      queryType: QueryType.Logs,
      logSource: 'server',
      serverMode: 'all',
    });
    expect(screen.getByText('Servers')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Account' }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ queryType: 'logs', logSource: 'user', serverMode: undefined })
    );
  });

  it('says that a Nezha data source makes no annotations', async () => {
    const { onChange } = await setup({ refId: 'Anno' }, newNezhaDataSource());
    expect(screen.getByText(/A Nezha data source makes no annotations/)).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Query type' })).not.toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });
});
