import { startXeroEmulator } from './emulator';

describe('startXeroEmulator options', () => {
  test.each([
    [{ port: -1 }, /port/],
    [{ limits: { perMinute: 0 } }, /perMinute/],
    [{ apps: [{ clientId: 'cc', clientSecret: 's', kind: 'custom-connection' }] }, /tenantId/],
    [{ webhook: { url: 'nope', key: 'k' } }, /webhook url must be an absolute/],
    [{ extraOrganisations: 1.5 }, /extraOrganisations/],
  ])('%j is refused naming the field', async (options, message) => {
    await expect(startXeroEmulator(options as never)).rejects.toThrow(message);
  });

  test('a custom connection bound to an unknown organisation is refused', async () => {
    await expect(
      startXeroEmulator({
        apps: [
          {
            clientId: 'cc',
            clientSecret: 's',
            kind: 'custom-connection',
            tenantId: '00000000-0000-4000-8000-000000000000',
          },
        ],
      }),
    ).rejects.toThrow(/unknown organisation/);
  });
});
