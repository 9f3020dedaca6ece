// Debian's nginx in front of reference server nodes, from server/nginx/lifeline.conf, for the
// tests and `npm run cluster`: its own prefix in a temporary folder (config, pid, temp files),
// its log on stderr, listening on a loopback port; /etc/nginx is never read or touched.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort, portInUse } from './ports.mjs';

export const nginxPath = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const NGINX_TEMPLATE = fileURLToPath(new URL('../../server/nginx/lifeline.conf', import.meta.url));

/** Whether nginx can run here (installed by scripts/install-deps.sh). */
export const nginxInstalled = () => existsSync(nginxPath);

const UPSTREAM_SERVER = /^(\s*)server\s+\S+:\d+(\s[^;]*)?;.*\n/gm;

/**
 * A whole nginx.conf: the template's upstream servers replaced by `upstreams` ("host:port", with
 * the template's parameters), its listen lines by `listen` ("127.0.0.1:port"), and around it
 * the main and http settings that keep every path inside `prefix`.
 */
export function nginxConfig({ listen, upstreams, prefix }) {
  const template = readFileSync(NGINX_TEMPLATE, 'utf8');
  const [, indent, parameters = ''] = new RegExp(UPSTREAM_SERVER.source, 'm').exec(template);
  const servers = upstreams.map((address) => `${indent}server ${address}${parameters};\n`).join('');
  let replaced = false;
  const site = template
    .replace(UPSTREAM_SERVER, () => (replaced ? '' : ((replaced = true), servers)))
    .replace(/^(\s*)listen 80;/m, `$1listen ${listen};`)
    .replace(/^\s*listen \[::\]:80;\n/m, '');
  const inPrefix = (name) => join(prefix, name);
  return `# Generated from server/nginx/lifeline.conf; every path is in ${prefix}.
worker_processes 1;
pid ${inPrefix('nginx.pid')};
error_log stderr warn;
events {
    worker_connections 512;
}
http {
    access_log off;
    client_body_temp_path ${inPrefix('client_body')};
    proxy_temp_path ${inPrefix('proxy')};
    fastcgi_temp_path ${inPrefix('fastcgi')};
    uwsgi_temp_path ${inPrefix('uwsgi')};
    scgi_temp_path ${inPrefix('scgi')};

${site}}
`;
}

/** A fresh prefix folder that nginx's workers (which drop root) can enter. */
export function nginxPrefix() {
  const prefix = mkdtempSync(join(tmpdir(), 'lifeline-nginx-'));
  chmodSync(prefix, 0o755);
  return prefix;
}

/**
 * Starts nginx in front of `upstreams` and resolves once it listens:
 * `{ url, port, prefix, log(), stop() }`; `stop()` ends it and removes its folder.
 */
export async function startNginx({ upstreams, port, timeoutMs = 10_000 }) {
  const listenPort = port ?? (await freeTcpPort());
  const prefix = nginxPrefix();
  const config = join(prefix, 'nginx.conf');
  writeFileSync(config, nginxConfig({ listen: `127.0.0.1:${listenPort}`, upstreams, prefix }));
  const child = spawn(nginxPath, ['-p', prefix, '-c', config, '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const collect = (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(prefix, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await portInUse(listenPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start:\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${listenPort}`, port: listenPort, prefix, log: () => lines.join('\n'), stop };
}
