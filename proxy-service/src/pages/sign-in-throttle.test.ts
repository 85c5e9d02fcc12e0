import { clientKey, SignInThrottle } from './sign-in-throttle';

const MINUTE = 60_000;

describe('the admin sign-in throttle', () => {
  test('five wrong secrets lock a client for a minute; each further lockout doubles, up to 15 minutes', () => {
    const throttle = new SignInThrottle();
    let now = 0;
    const lockouts: number[] = [];
    for (let round = 0; round < 7; round += 1) {
      for (let i = 0; i < 4; i += 1) throttle.failed('a', now);
      expect(throttle.waitMs('a', now)).toBe(0);
      throttle.failed('a', now);
      lockouts.push(throttle.waitMs('a', now) / MINUTE);
      now += throttle.waitMs('a', now);
      expect(throttle.waitMs('a', now)).toBe(0);
    }
    expect(lockouts).toEqual([1, 2, 4, 8, 15, 15, 15]);
  });

  test('clients are apart; a right secret clears the record; old failures stop counting', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 5; i += 1) throttle.failed('guesser', 0);
    expect(throttle.waitMs('guesser', 0)).toBe(MINUTE);
    expect(throttle.waitMs('admin', 0)).toBe(0);

    for (let i = 0; i < 4; i += 1) throttle.failed('admin', 0);
    throttle.succeeded('admin');
    throttle.failed('admin', 1);
    expect(throttle.waitMs('admin', 1)).toBe(0);

    // Four slips, then a fifth after the 15-minute window: no lockout.
    const slow = new SignInThrottle();
    for (let i = 0; i < 4; i += 1) slow.failed('c', 0);
    slow.failed('c', 15 * MINUTE + 1);
    expect(slow.waitMs('c', 15 * MINUTE + 1)).toBe(0);
  });

  test('a day without failures forgets earlier lockouts', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 10; i += 1) throttle.failed('a', 0);
    expect(throttle.waitMs('a', 0)).toBe(2 * MINUTE);
    const later = 24 * 60 * MINUTE + 1;
    for (let i = 0; i < 5; i += 1) throttle.failed('a', later);
    expect(throttle.waitMs('a', later)).toBe(MINUTE);
  });

  test('memory stays bounded whatever the number of client addresses', () => {
    const throttle = new SignInThrottle({ maxClients: 100 });
    for (let i = 0; i < 20_000; i += 1) throttle.failed(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i);
    expect(throttle.size).toBe(100);
  });

  test('IPv4 clients by address, IPv6 clients by their /64, IPv4-mapped as IPv4', () => {
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:ffff:1:2:3'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
    expect(clientKey(undefined)).toBe('unknown');
  });
});
