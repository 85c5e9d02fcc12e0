import { validate, version } from 'uuid';
import { deterministicId, isGuid, newId } from './deterministic-id';

describe('deterministic ids', () => {
  it('are conforming RFC 4122 version 5 UUIDs', () => {
    const id = deterministicId('organisation', 'Demo Company (UK)');
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(5);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('give the same id for the same parts in every run, so tests can hard-code them', () => {
    expect(deterministicId('org-1', 'account', '200')).toBe(deterministicId('org-1', 'account', '200'));
    // Cross-checked with Python's uuid.uuid5 over the same namespace and NUL-joined name.
    expect(deterministicId('org-1', 'branding-theme', 'Standard')).toBe(
      '06e83aa6-dea4-5711-a79e-f6141e25555a',
    );
  });

  it('keep the parts apart: joining them differently gives another id', () => {
    expect(deterministicId('ab', 'c')).not.toBe(deterministicId('a', 'bc'));
    expect(deterministicId('org-1', 'account', '200')).not.toBe(deterministicId('org-2', 'account', '200'));
  });

  it('new ids are random UUIDs and isGuid tells a GUID from anything else', () => {
    expect(newId()).not.toBe(newId());
    expect(isGuid(newId())).toBe(true);
    expect(isGuid('not-a-guid')).toBe(false);
    expect(isGuid(42)).toBe(false);
  });
});
