// `npm run e2e`: the end-to-end tests (every e2e/*.e2e.mjs), one file at a time with node's test runner, against the
// built Silo and Api (system.mjs starts them). ./test.sh runs this with BOOKING_E2E_DB set to a fresh database and
// BOOKING_E2E_JUNIT to a JUnit file for its count; run by hand without BOOKING_E2E_DB, it hands over to `./test.sh web`,
// which starts the test PostgreSQL, builds what is needed and then runs this again (with the contract and component
// tests before it). Bounded: the run is stopped after 15 minutes.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const web = path.resolve(import.meta.dirname, '..');

if (!process.env.BOOKING_E2E_DB) {
  console.log('BOOKING_E2E_DB is not set: running the web tests through ./test.sh web (it prepares the database).');
  const handedOver = spawnSync(path.join(web, '..', 'test.sh'), ['web'], { stdio: 'inherit' });
  process.exit(handedOver.status ?? 1);
}

const files = readdirSync(path.join(web, 'e2e'))
  .filter((f) => f.endsWith('.e2e.mjs'))
  .sort()
  .map((f) => path.join('e2e', f));
if (files.length === 0) {
  console.error('e2e/run.mjs: no e2e/*.e2e.mjs files');
  process.exit(1);
}

const args = ['--test', '--test-timeout=600000', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.BOOKING_E2E_JUNIT) {
  args.push('--test-reporter=junit', `--test-reporter-destination=${process.env.BOOKING_E2E_JUNIT}`);
}

const run = spawnSync(process.execPath, [...args, ...files], { cwd: web, stdio: 'inherit', timeout: 900_000, killSignal: 'SIGTERM' });
if (run.error) {
  console.error(`e2e/run.mjs: ${run.error.message}`);
}

process.exit(run.status ?? 1);
