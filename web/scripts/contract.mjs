#!/usr/bin/env node
// The web app's side of the API contract, generated from the Api's OpenAPI document (web/openapi.json, which the
// Api tests keep identical to the document the Api serves):
//   src/lib/api-types.ts   every schema and operation as TypeScript types (openapi-typescript)
//   src/lib/wire-rules.ts  the rules of each request body's fields (required, lengths, ranges, patterns), which the
//                          forms check before sending: the same rules the server enforces (Api/Contracts/WireFormats.cs)
// `node scripts/contract.mjs` writes both; `--check` only compares and fails on drift (./test.sh runs it), and
// `--junit FILE` also records the check as one test case.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const web = fileURLToPath(new URL('..', import.meta.url));
const documentPath = `${web}openapi.json`;
const targets = {
  types: `${web}src/lib/api-types.ts`,
  rules: `${web}src/lib/wire-rules.ts`,
};
const header = (what) =>
  `// Generated from web/openapi.json by web/scripts/contract.mjs (npm run contract): ${what}. Do not edit.\n`;

/** The request bodies whose field rules the forms use. */
const requestSchemas = ['BookingRequest', 'DoctorRequest', 'CreateSlotsRequest', 'TokenRequest', 'CancelRequest'];

async function generate() {
  const document = JSON.parse(await readFile(documentPath, 'utf8'));
  const types = header('the API types') + astToString(await openapiTS(document));

  const rules = {};
  for (const name of requestSchemas) {
    const schema = document.components.schemas[name];
    if (!schema) throw new Error(`contract: web/openapi.json has no schema ${name}`);
    rules[name] = {};
    for (const [field, property] of Object.entries(schema.properties)) {
      const rule = { required: (schema.required ?? []).includes(field) };
      for (const key of ['minLength', 'maxLength', 'minimum', 'maximum', 'pattern', 'format', 'minItems', 'maxItems']) {
        if (property[key] !== undefined) rule[key] = property[key];
      }
      rules[name][field] = rule;
    }
  }
  const rulesText =
    header('the rules of each request field, as the server enforces them') +
    '\nexport interface FieldRule {\n  readonly required: boolean;\n  readonly minLength?: number;\n  readonly maxLength?: number;\n' +
    '  readonly minimum?: number;\n  readonly maximum?: number;\n  readonly pattern?: string;\n  readonly format?: string;\n' +
    '  readonly minItems?: number;\n  readonly maxItems?: number;\n}\n\n' +
    `export const wireRules = ${JSON.stringify(rules, null, 2)} as const satisfies Record<string, Record<string, FieldRule>>;\n`;
  return { types, rules: rulesText };
}

const args = process.argv.slice(2);
const check = args.includes('--check');
const junitAt = args.indexOf('--junit');
const junit = junitAt >= 0 ? args[junitAt + 1] : null;

const generated = await generate();
const drift = [];
for (const [key, path] of Object.entries(targets)) {
  const current = await readFile(path, 'utf8').catch(() => '');
  if (current === generated[key]) continue;
  if (check) drift.push(path.slice(web.length));
  else await writeFile(path, generated[key]);
}

if (junit) {
  const failure = drift.length
    ? `<failure message="generated files differ from web/openapi.json: ${drift.join(', ')}"/>`
    : '';
  await writeFile(
    junit,
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="web-contract" tests="1" failures="${drift.length ? 1 : 0}">\n` +
      `<testcase classname="web.contract" name="GeneratedApiTypesAndRulesMatchTheOpenApiDocument">${failure}</testcase>\n</testsuite></testsuites>\n`,
  );
}
if (drift.length) {
  console.error(`contract: ${drift.join(', ')} differ from what web/openapi.json generates; run: cd web && npm run contract`);
  process.exit(1);
}
console.log(check ? 'contract: generated API types and rules match web/openapi.json' : 'contract: generated src/lib/api-types.ts and src/lib/wire-rules.ts');
