// Starts the built Silo and Api as real processes on free loopback ports, against the database that
// test.sh prepared (BOOKING_E2E_DB), and stops them again. Every wait is bounded.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function start(name, dll, env, logDir) {
  const cwd = path.dirname(dll);
  if (!existsSync(dll)) throw new Error(`${dll} not found: build the solution in Release first`);
  const child = spawn('dotnet', [path.basename(dll)], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  let output = '';
  const collect = (d) => {
    log.write(d);
    if (output.length < 1_000_000) output += d.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return { child, output: () => output, name };
}

async function waitFor(what, check, proc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}) before ${what}:\n${proc.output().slice(-3000)}`);
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`${proc.name}: no ${what} within ${timeoutMs / 1000} s:\n${proc.output().slice(-3000)}`);
}

/** One JSON request to the Api at `baseUrl`, as the admin whose `token` is given (or anonymously): { status, body }. */
export async function callApi(baseUrl, method, urlPath, body, token) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(baseUrl + urlPath, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * The system under test: { baseUrl, adminPassword, holdSeconds, stop() }. With smtpPort the silo mails through
 * 127.0.0.1:smtpPort, with links to baseUrl signed by the same key as the Api's.
 */
export async function startSystem({ holdSeconds, logDir, smtpPort }) {
  const connectionString = process.env.BOOKING_E2E_DB;
  if (!connectionString) throw new Error('BOOKING_E2E_DB (a connection string to an empty database) is not set; run the e2e tests through ./test.sh');
  mkdirSync(logDir, { recursive: true });
  const [siloPort, gatewayPort, siloHttpPort, apiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const clusterId = `e2e-${randomBytes(4).toString('hex')}`;
  const adminPassword = randomBytes(12).toString('base64url');
  const signingKey = randomBytes(32).toString('base64');
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const mail = smtpPort
    ? {
        Auth__SigningKey: signingKey,
        Notifications__Smtp__Host: '127.0.0.1',
        Notifications__Smtp__Port: String(smtpPort),
        Notifications__Smtp__Security: 'None',
        Notifications__PublicBaseUrl: baseUrl,
        Notifications__PollInterval: '00:00:00.200',
      }
    : {};
  const common = { Orleans__ClusterId: clusterId, Orleans__ServiceId: clusterId, DOTNET_ENVIRONMENT: 'Production', ASPNETCORE_ENVIRONMENT: 'Production' };

  const silo = start('silo', path.join(root, 'Silo/bin/Release/net10.0/Booking.Silo.dll'), {
    ...common,
    ConnectionStrings__Booking: connectionString,
    Orleans__SiloPort: String(siloPort),
    Orleans__GatewayPort: String(gatewayPort),
    Silo__HttpPort: String(siloHttpPort),
    Booking__HoldDuration: `00:00:${String(holdSeconds).padStart(2, '0')}`,
    ...mail,
  }, logDir);
  const processes = [silo];
  const stop = async () => {
    for (const p of processes.reverse()) {
      if (p.child.exitCode === null) {
        p.child.kill('SIGTERM');
        const deadline = Date.now() + 15_000;
        while (p.child.exitCode === null && Date.now() < deadline) await sleep(100);
        if (p.child.exitCode === null) p.child.kill('SIGKILL');
      }
    }
  };
  try {
    await waitFor('"Silo ready"', async () => silo.output().includes('Silo ready'), silo, 120_000);
    const api = start('api', path.join(root, 'Api/bin/Release/net10.0/Booking.Api.dll'), {
      ...common,
      ASPNETCORE_URLS: baseUrl,
      // The Api finds the silo's gateway in the membership table, as in production.
      ConnectionStrings__Booking: connectionString,
      // The admin sign-in contract: a signing key and the admin password (ignored by an Api without auth).
      Auth__SigningKey: signingKey,
      Auth__Issuer: 'booking-e2e',
      Auth__Audience: 'booking-e2e',
      Auth__AdminPassword: adminPassword,
    }, logDir);
    processes.push(api);
    await waitFor('200 from /health/ready', async () => {
      try {
        return (await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(3000) })).status === 200;
      } catch {
        return false;
      }
    }, api, 90_000);
    return { baseUrl, adminPassword, holdSeconds, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
