// `npm start`: the product on its embedded defaults — the proxy on SQLite under ./data. With no Xero app
// credentials in the environment it runs in sandbox mode: the Xero emulator starts in-process, its demo
// organisation is connected, and the admin URL and an API key are printed.
import { spawn } from 'node:child_process';

const child = spawn('npm', ['run', '--silent', '-w', 'proxy-service', 'start'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
