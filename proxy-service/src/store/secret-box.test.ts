import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));

  test('round-trips, with a fresh IV each time (same plaintext, different ciphertext)', () => {
    const a = box.seal('refresh-token-value', 'connection:1');
    const b = box.seal('refresh-token-value', 'connection:1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token-value');
    expect(box.open(a, 'connection:1')).toBe('refresh-token-value');
  });

  test('refuses a tampered ciphertext, another record’s ciphertext and another key', () => {
    const sealed = box.seal('secret', 'connection:1');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    expect(() => box.open(tampered, 'connection:1')).toThrow();
    expect(() => box.open(sealed, 'connection:2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'connection:1')).toThrow();
    expect(() => box.open('plain text', '')).toThrow(/format/);
  });
});
