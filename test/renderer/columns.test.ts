// A column's sort id is what the server sorts by, and the column shows that field: a table whose "Name" header
// sorted by email would look right and order wrongly. For every screen: each sortable column shows the field its
// id names, and the sortable ids are exactly the sorts the list channel takes.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, type ChannelName } from '../../shared/ipc/contract';
import { auditColumns } from '../../renderer/src/screens/audit/columns';
import { reviewColumns } from '../../renderer/src/screens/moderation/columns';
import { paymentColumns } from '../../renderer/src/screens/payments/columns';
import { itemColumns, runColumns } from '../../renderer/src/screens/reconciliation/columns';
import { userColumns } from '../../renderer/src/screens/users/columns';

type AnyColumn = { id?: string; enableSorting?: boolean; accessorKey?: unknown };

const tables: Array<[string, readonly AnyColumn[], ChannelName]> = [
  ['moderation', reviewColumns as readonly AnyColumn[], 'reviews:list'],
  ['payments', paymentColumns as readonly AnyColumn[], 'payments:list'],
  ['users', userColumns as readonly AnyColumn[], 'users:list'],
  ['audit', auditColumns as readonly AnyColumn[], 'audit:list'],
  ['reconciliation runs', runColumns as readonly AnyColumn[], 'reconciliation:list-runs'],
  ['reconciliation items', itemColumns as readonly AnyColumn[], 'reconciliation:list-items'],
];

function channelSorts(channel: ChannelName): string[] {
  const shape = (contract[channel].input as unknown as z.ZodObject).shape as Record<string, z.ZodType | undefined>;
  const sort = shape.sort as z.ZodOptional<z.ZodEnum> | undefined;
  return sort ? (sort.unwrap().options as string[]) : [];
}

describe.each(tables)('%s table', (_name, columns, channel) => {
  const sortable = columns.filter((column) => column.enableSorting !== false);

  it('sorts each sortable column by the field it shows', () => {
    for (const column of sortable) expect(column.accessorKey, `column ${column.id}`).toBe(column.id);
  });

  it('offers exactly the sorts the list channel takes', () => {
    expect(sortable.map((column) => column.id).sort()).toEqual(channelSorts(channel).sort());
  });
});
