// Every unit test fails on a console.error or console.warn (React warnings, Fluent's "icon not registered", act()
// misuse): the controls must run clean in the host's console.
import '@testing-library/jest-dom';

const problems: string[] = [];
let errorSpy: jest.SpyInstance | undefined;
let warnSpy: jest.SpyInstance | undefined;

beforeEach(() => {
  problems.length = 0;
  errorSpy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    problems.push(`console.error: ${args.map(String).join(' ')}`);
  });
  warnSpy = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    problems.push(`console.warn: ${args.map(String).join(' ')}`);
  });
});

afterEach(() => {
  errorSpy?.mockRestore();
  warnSpy?.mockRestore();
  if (problems.length > 0) throw new Error(`unexpected console output:\n${problems.join('\n')}`);
});
