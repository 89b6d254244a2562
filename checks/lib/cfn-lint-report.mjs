// Reads cfn-lint's JSON findings and applies checks/cfn-lint-suppressions.json: a finding is
// suppressed only when its rule, its resource's type, the property path and the message all match
// one entry. Prints every other finding and exits 1 if there is any.
// Usage: node checks/lib/cfn-lint-report.mjs FINDINGS.json SUPPRESSIONS.json
import { readFileSync } from 'node:fs';

const [findingsFile, suppressionsFile] = process.argv.slice(2);
if (!findingsFile || !suppressionsFile) {
  console.error('usage: cfn-lint-report.mjs FINDINGS.json SUPPRESSIONS.json');
  process.exit(2);
}
const findings = JSON.parse(readFileSync(findingsFile, 'utf8'));
const suppressions = JSON.parse(readFileSync(suppressionsFile, 'utf8')).suppressions.map((s) => ({
  ...s,
  pathRe: new RegExp(s.path),
  messageRe: new RegExp(s.message),
  used: 0,
}));
for (const s of suppressions) {
  if (!s.rule || !s.resourceType || !s.reason) {
    console.error(`cfn-lint suppression without rule, resourceType or reason: ${JSON.stringify(s)}`);
    process.exit(2);
  }
}

const templates = new Map();
function resourceType(file, logicalId) {
  if (!templates.has(file)) {
    templates.set(file, JSON.parse(readFileSync(file, 'utf8')));
  }
  return templates.get(file).Resources?.[logicalId]?.Type;
}

const unsuppressed = [];
for (const f of findings) {
  const path = f.Location?.Path ?? [];
  const inResource = path[0] === 'Resources' && typeof path[1] === 'string';
  const type = inResource ? resourceType(f.Filename, path[1]) : undefined;
  const subPath = inResource ? path.slice(2).join('/') : path.join('/');
  const match = suppressions.find((s) => s.rule === f.Rule.Id && s.resourceType === type
      && s.pathRe.test(subPath) && s.messageRe.test(f.Message));
  if (match) {
    match.used++;
  } else {
    unsuppressed.push(f);
  }
}

for (const s of suppressions) {
  console.log(`suppressed ${String(s.used).padStart(3)} x ${s.rule} on ${s.resourceType} (${s.path})`);
}
for (const f of unsuppressed) {
  const loc = f.Location?.Start ? `${f.Location.Start.LineNumber}:${f.Location.Start.ColumnNumber}` : '?';
  console.log(`${f.Filename}:${loc}: ${f.Level} ${f.Rule.Id} at ${(f.Location?.Path ?? []).join('/')}: ${f.Message}`);
}
if (unsuppressed.length > 0) {
  console.log(`cfn-lint: ${unsuppressed.length} finding(s) not suppressed: fix them, or, if one is a false positive, `
      + 'add a suppression naming its rule, resource type, path and reason to checks/cfn-lint-suppressions.json');
  process.exit(1);
}
console.log(`cfn-lint: no unsuppressed finding in ${templates.size || 'the'} template(s)`);
