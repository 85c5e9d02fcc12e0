/**
 * Reads the few Dockerfile instructions the production tests check (FROM, ENV, USER, HEALTHCHECK, CMD) per stage.
 * Only the forms our Dockerfile uses are understood: line continuations, comments, `ENV k=v …`, and CMD in exec
 * (JSON array) form, which is also the only form that runs the command without a shell. Anything else in those
 * instructions is an error, so a change to the Dockerfile cannot silently pass the tests.
 */
import fs from 'node:fs';

export interface DockerStage {
  from: string;
  name?: string;
  env: Record<string, string>;
  user?: string;
  healthcheck?: string;
  cmd?: string[];
  stopSignal?: string;
}

export interface Dockerfile {
  stages: DockerStage[];
  /** The last stage: the image that runs. Its CMD is required. */
  final: DockerStage & { cmd: string[] };
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    lines.push(`${current}${line}`.trim());
    current = '';
  }
  if (current.trim() !== '') throw new Error('the Dockerfile ends inside a continued line');
  return lines;
}

function envPairs(rest: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const token of rest.split(/\s+/).filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(token);
    if (!match) throw new Error(`ENV ${rest}: only the KEY=value form is understood`);
    pairs[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return pairs;
}

function execForm(instruction: string, rest: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    throw new Error(`${instruction} ${rest}: must be in exec form (a JSON array)`);
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string') || parsed.length === 0) {
    throw new Error(`${instruction} ${rest}: must be a non-empty JSON array of strings`);
  }
  return parsed;
}

export function parseDockerfile(text: string): Dockerfile {
  const stages: DockerStage[] = [];
  for (const line of logicalLines(text)) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = keyword.toUpperCase();
    if (instruction === 'FROM') {
      const [from = '', as, name] = rest.split(/\s+/);
      stages.push({ from, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), env: {} });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`${instruction} before the first FROM`);
    if (instruction === 'ENV') Object.assign(stage.env, envPairs(rest));
    if (instruction === 'USER') stage.user = rest;
    if (instruction === 'HEALTHCHECK') stage.healthcheck = rest;
    if (instruction === 'STOPSIGNAL') stage.stopSignal = rest;
    if (instruction === 'CMD') stage.cmd = execForm('CMD', rest);
  }
  const final = stages[stages.length - 1];
  if (!final) throw new Error('the Dockerfile has no FROM');
  if (!final.cmd) throw new Error('the final stage of the Dockerfile has no CMD');
  return { stages, final: final as Dockerfile['final'] };
}

export function readDockerfile(file: string): Dockerfile {
  return parseDockerfile(fs.readFileSync(file, 'utf8'));
}
