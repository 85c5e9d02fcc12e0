// The Dataverse emulator (sandbox/dataverse) as a child process, for the browser tests' webAPI reads. It runs through
// its own CLI, as `npm run dataverse-emulator` does, so pcf-controls does not compile the emulator's sources.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PCF_ROOT } from './resx-strings';

export interface DataverseProcess {
  /** …/api/data/v9.2 */
  apiUrl: string;
  close: () => Promise<void>;
}

/** Table logical name → rows, in the emulator's seed format (sandbox/dataverse/README.md). */
export type DataverseSeed = Record<string, Record<string, unknown>[]>;

const STARTUP_MS = 60_000;

export async function startDataverseProcess(seed: DataverseSeed): Promise<DataverseProcess> {
  const folder = mkdtempSync(join(tmpdir(), 'dxc-pcf-dataverse-'));
  const seedFile = join(folder, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  const cli = join(PCF_ROOT, '..', 'sandbox', 'dataverse', 'src', 'cli.ts');
  const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const child: ChildProcess = spawn(process.execPath, [tsx, cli, '--port', '0', '--seed', seedFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no Dataverse emulator after ${STARTUP_MS} ms:\n${output}`)),
      STARTUP_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Web API: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Dataverse emulator exited with ${code}:\n${output}`));
    });
  });
  return {
    apiUrl,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
