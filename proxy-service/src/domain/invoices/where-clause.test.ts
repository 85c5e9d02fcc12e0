import { chunkWhereClauses, WHERE_CLAUSE_BUDGET } from './where-clause';

describe('where OR-clauses for lookups', () => {
  it('joins values with OR and drops duplicates (case-insensitively, as Xero compares)', () => {
    expect(chunkWhereClauses('Code', ['A', 'b', 'a', 'B'])).toEqual(['Code=="A" OR Code=="b"']);
  });

  it('escapes quotes and backslashes inside values', () => {
    expect(chunkWhereClauses('Code', ['12"\\'])).toEqual(['Code=="12\\"\\\\"']);
  });

  it('keeps every chunk within the URL budget and loses no value', () => {
    const values = Array.from({ length: 200 }, (_, i) => `VALUE-${i}-${'x'.repeat(i % 20)}`);
    const chunks = chunkWhereClauses('Code', values);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks)
      expect(encodeURIComponent(chunk).length).toBeLessThanOrEqual(WHERE_CLAUSE_BUDGET);
    expect(chunks.flatMap((c) => c.split(' OR '))).toHaveLength(200);
  });

  it('gives nothing for nothing', () => {
    expect(chunkWhereClauses('Code', [])).toEqual([]);
  });
});
