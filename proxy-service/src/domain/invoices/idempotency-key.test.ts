import { IDEMPOTENCY_KEY_MAX, idempotencyKey } from './idempotency-key';

const content = {
  tenantId: '9a8b7c6d-0000-4000-8000-000000000001',
  purpose: 'invoices-create' as const,
  parts: [{ id: 'inv-1', hash: 'sha256:aa' }],
};

describe('Idempotency-Key derived from content', () => {
  it('is the same for a retry of the same write, so Xero replays instead of writing twice', () => {
    expect(idempotencyKey(content)).toBe(idempotencyKey({ ...content, parts: [...content.parts] }));
  });

  it(`fits Xero's ${IDEMPOTENCY_KEY_MAX} characters`, () => {
    const parts = Array.from({ length: 50 }, (_, i) => ({
      id: `invoice-${i}`,
      hash: 'sha256:'.padEnd(71, 'f'),
    }));
    const key = idempotencyKey({ ...content, purpose: 'credit-note-allocate', parts });
    expect(key.length).toBeLessThanOrEqual(IDEMPOTENCY_KEY_MAX);
    expect(key).toMatch(/^dxc-credit-note-allocate-[0-9a-f]{64}$/);
  });

  it('changes with the tenant, the content and the purpose', () => {
    const base = idempotencyKey(content);
    expect(idempotencyKey({ ...content, tenantId: 'other' })).not.toBe(base);
    expect(idempotencyKey({ ...content, parts: [{ id: 'inv-1', hash: 'sha256:ab' }] })).not.toBe(base);
    expect(idempotencyKey({ ...content, purpose: 'contacts-create' })).not.toBe(base);
  });
});
