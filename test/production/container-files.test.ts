/**
 * The image cannot be built here (no container registry is reachable), so its files are checked for what the
 * deployment relies on; production-install.test.ts runs the same CMD on a production-only install.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  parseDockerfile,
  readDockerfile,
  DOCKERFILE,
  REPO_ROOT,
} from '@dxc/proxy-service/testing/production';

const dockerfile = readDockerfile(DOCKERFILE);

describe('Dockerfile', () => {
  test('every stage builds on the official Node 20 slim image; the build is multi-stage', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile.stages) expect(stage.from).toMatch(/^node:20(\.\d+)*-[a-z]+-slim$/);
  });

  test('the image runs as a non-root user, in production mode, with its data in DATA_DIR', () => {
    expect(dockerfile.final.user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(dockerfile.final.user);
    expect(dockerfile.final.env).toMatchObject({ NODE_ENV: 'production', DATA_DIR: '/data' });
    const text = fs.readFileSync(DOCKERFILE, 'utf8');
    // Only DATA_DIR is handed to that user; the code and dependencies stay root's (read-only to it).
    expect(text).toMatch(/chown node:node \/data/);
    expect(text).not.toMatch(/--chown=node/);
  });

  test('the health check calls /healthz (liveness), and CMD runs the bundle with plain node', () => {
    expect(dockerfile.final.healthcheck).toMatch(/CMD .*\/healthz/);
    expect(dockerfile.final.cmd).toEqual(['node', 'app/main.js']);
    expect(dockerfile.final.stopSignal).toBe('SIGTERM');
  });

  test('the reader refuses forms it does not understand rather than passing them', () => {
    expect(() => parseDockerfile('FROM node:20-bookworm-slim\nCMD node app/main.js\n')).toThrow(/exec form/);
    expect(() => parseDockerfile('FROM node:20-bookworm-slim\nENV NODE_ENV production\n')).toThrow(
      /KEY=value/,
    );
    expect(() => parseDockerfile('FROM node:20-bookworm-slim\nUSER node\n')).toThrow(/no CMD/);
  });
});

describe('compose.yaml', () => {
  const compose = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, 'compose.yaml'), 'utf8'), {
    merge: true,
  }) as {
    services: Record<string, Record<string, unknown> & { environment?: Record<string, string> }>;
  };
  const proxies = Object.entries(compose.services).filter(([name]) => name.startsWith('proxy'));

  test('several proxy instances share PostgreSQL and the secrets that must be the same on each', () => {
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    expect(proxies.length).toBeGreaterThanOrEqual(2);
    for (const [, service] of proxies) {
      expect(service.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      for (const name of ['XERO_CLIENT_ID', 'XERO_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'ADMIN_SECRET']) {
        // `${NAME:?…}`: compose refuses to start when one is missing, naming it.
        expect(service.environment?.[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
      }
      expect(service.environment).not.toHaveProperty('SANDBOX');
      expect(service.read_only).toBe(true);
    }
  });

  test('containers get longer to stop than the proxy takes to drain', () => {
    for (const [, service] of proxies) {
      const seconds = Number(/^(\d+)s$/.exec(String(service.stop_grace_period))?.[1]);
      expect(seconds).toBeGreaterThan(30); // SHUTDOWN_GRACE_SECONDS' default
    }
  });
});
