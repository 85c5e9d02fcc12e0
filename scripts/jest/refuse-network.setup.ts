// jest.base.js registers this for every project: from here on, tests may only connect to this machine (and to the
// database host TEST_DATABASE_URL names, when a test environment points it elsewhere on purpose).
import { hostsNamedBy, installLoopbackOnlyNetwork } from './loopback-only-network';

installLoopbackOnlyNetwork(hostsNamedBy(process.env.TEST_DATABASE_URL));
