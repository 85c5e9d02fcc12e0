// jest.base.js registers this for every project: from here on, tests may only connect to this machine.
import { installLoopbackOnlyNetwork } from './loopback-only-network';

installLoopbackOnlyNetwork();
