import { faultSpecSchema } from '../../faults/fault-injector';
import type { ControlRoute } from '../control-route';

// Injected faults and organisations taken offline.

export const faultRoutes: ControlRoute[] = [
  {
    method: 'get',
    path: '/faults',
    handle: ({ res, emulator: { faults } }) =>
      void res.json({ faults: faults.list(), offline: faults.offlineTenants() }),
  },
  {
    method: 'post',
    path: '/faults',
    handle: ({ req, res, emulator }) =>
      void res.status(201).json(emulator.faults.inject(faultSpecSchema.parse(req.body))),
  },
  {
    method: 'delete',
    path: '/faults',
    handle: ({ res, emulator }) => void (emulator.faults.clear(), res.status(204).end()),
  },
  {
    method: 'delete',
    path: '/faults/:id',
    handle: ({ req, res, emulator }) =>
      void res.status(emulator.faults.remove(String(req.params.id)) ? 204 : 404).end(),
  },
  {
    method: 'post',
    path: '/faults/release',
    handle: ({ res, emulator }) => void (emulator.faults.release(), res.status(204).end()),
  },
  {
    method: 'post',
    path: '/organisations/:tenantId/offline',
    handle: ({ req, res, emulator }) =>
      void (emulator.faults.takeOffline(String(req.params.tenantId)), res.status(204).end()),
  },
  {
    method: 'delete',
    path: '/organisations/:tenantId/offline',
    handle: ({ req, res, emulator }) =>
      void (emulator.faults.bringOnline(String(req.params.tenantId)), res.status(204).end()),
  },
];
