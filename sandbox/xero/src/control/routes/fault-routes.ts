import { faultSpecSchema } from '../../faults/fault-injector';
import { noContentAfter, type ControlRoute } from '../control-route';

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
    handle: noContentAfter(({ emulator }) => emulator.faults.clear()),
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
    handle: noContentAfter(({ emulator }) => emulator.faults.release()),
  },
  {
    method: 'post',
    path: '/organisations/:tenantId/offline',
    handle: noContentAfter(({ req, emulator }) => emulator.faults.takeOffline(String(req.params.tenantId))),
  },
  {
    method: 'delete',
    path: '/organisations/:tenantId/offline',
    handle: noContentAfter(({ req, emulator }) => emulator.faults.bringOnline(String(req.params.tenantId))),
  },
];
