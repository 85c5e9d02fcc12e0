// `npm start`: the product on its embedded defaults. Today that is the Xero emulator (sandbox mode);
// the proxy joins it here as it lands.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '4000';
const child = spawn('npm', ['run', '--silent', 'xero-emulator', '--', '--port', port], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
