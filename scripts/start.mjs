// `npm start`: installs what is missing, builds the SDK, and serves the demo with the reference
// server on http://localhost:8080 (PORT to change).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });

if (!existsSync('node_modules/.package-lock.json')) run('npm install --no-audit --no-fund');
run('npm run --silent build');
await import('../build/server/main.js');
