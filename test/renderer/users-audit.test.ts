// Users and access, audit log: columns against the contract, persisted filters → channel input, readable roles,
// and the before/after comparison of an audit entry.
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import { auditColumns } from '../../renderer/src/screens/audit/columns';
import { auditFilterState, compareEntry, defaultAuditFilters, show, toAuditInput } from '../../renderer/src/screens/audit/model';
import { userColumns } from '../../renderer/src/screens/users/columns';
import { defaultState, expiryFromDay, roleLabel, screenState, sortIds, toListInput } from '../../renderer/src/screens/users/model';

const ME = '00000002-0000-4000-8000-000000000001';

describe('users columns and filters', () => {
  it('sorts exactly by what users:list can sort by', () => {
    const sortable = userColumns.filter((column) => column.enableSorting !== false).map((column) => column.id);
    expect(sortable.sort()).toEqual([...sortIds].sort());
    expect(contract['users:list'].input.shape.sort.unwrap().options.sort()).toEqual([...sortIds].sort());
  });

  it('maps the persisted state to a valid users:list input, leaving out what is unset', () => {
    const input = toListInput({ ...defaultState, filters: { search: '  ava ', role: 'finance', status: null } });
    expect(input).toEqual({ filters: { search: 'ava', role: 'finance' }, sort: 'created_at', desc: true });
    expect(contract['users:list'].input.safeParse({ ...input, limit: 50 }).success).toBe(true);
  });

  it.each([
    [{ ...defaultState, filters: { search: '', role: 'owner', status: null } }],
    [{ ...defaultState, sort: { id: 'password', desc: false } }],
    [{ filters: defaultState.filters }],
  ])('refuses a stale persisted state %#', (value) => {
    expect(screenState.safeParse(value).success).toBe(false);
  });

  it('writes roles with their organisation and expiry', () => {
    expect(roleLabel({ id: 'r', role: 'finance', organization_id: null, organization_name: null, expires_at: null })).toBe('finance');
    expect(
      roleLabel({ id: 'r', role: 'client', organization_id: 'o', organization_name: 'Northwind', expires_at: '2027-03-03T12:00:00Z' }),
    ).toBe('client · Northwind · until 3 Mar 2027');
  });

  it('an expiry day ends at the end of that day; no day is no expiry', () => {
    expect(new Date(expiryFromDay('2027-03-03')!).getDate()).toBe(3);
    expect(expiryFromDay('')).toBeNull();
    expect(expiryFromDay('not a day')).toBeNull();
  });
});

describe('audit filters', () => {
  it('newest first; only set filters; "to" includes its day; "mine" is the signed-in user', () => {
    const input = toAuditInput({ ...defaultAuditFilters, action: ' role.grant ', from: '2026-11-01', to: '2026-11-01', mine: true }, ME);
    expect(input.desc).toBe(true);
    expect(input.filters).toMatchObject({ action: 'role.grant', actor_id: ME });
    expect(new Date(input.filters.to!).getTime() - new Date(input.filters.from!).getTime()).toBe(86_400_000);
    expect(contract['audit:list'].input.safeParse({ ...input, limit: 50 }).success).toBe(true);
    expect(toAuditInput(defaultAuditFilters, ME)).toEqual({ filters: {}, desc: true });
  });

  it('refuses a persisted value of another shape', () => {
    expect(auditFilterState.safeParse({ ...defaultAuditFilters, from: '1 Nov' }).success).toBe(false);
  });

  it('no column pretends to sort (the log has one order)', () => {
    expect(auditColumns.every((column) => column.enableSorting === false)).toBe(true);
  });
});

describe('before and after', () => {
  it('lists changed fields first, then the unchanged ones', () => {
    expect(compareEntry({ status: 'active', email: 'a@x' }, { status: 'suspended', email: 'a@x' })).toEqual([
      { key: 'status', before: 'active', after: 'suspended', changed: true },
      { key: 'email', before: 'a@x', after: 'a@x', changed: false },
    ]);
  });

  it('a created record has no before; a removed one no after', () => {
    expect(compareEntry(null, { role: 'moderator' })).toEqual([{ key: 'role', before: null, after: 'moderator', changed: true }]);
    expect(compareEntry({ role: 'finance' }, null)).toEqual([{ key: 'role', before: 'finance', after: null, changed: true }]);
  });

  it('shows nested values as indented JSON and scalars as written', () => {
    expect(show({ a: [1, 2] })).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(show(false)).toBe('false');
    expect(show(null)).toBe('null');
    expect(compareEntry(5, 6)).toEqual([{ key: 'value', before: '5', after: '6', changed: true }]);
  });
});
