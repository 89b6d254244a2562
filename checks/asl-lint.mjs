// AWS's own States Language service (npm amazon-states-language-service, the checks behind the AWS
// Toolkit's ASL editor) on every workflow: each state-machines/*.asl.json with its ${...}
// placeholders substituted by plausible values, and each DefinitionString of every template under
// the directories given (the definitions as CloudFormation will create them: the string, or its
// Fn::Join reconstructed, with DefinitionSubstitutions applied). Any diagnostic fails.
// Usage: node checks/asl-lint.mjs [STATE_MACHINES_DIR] [--templates SYNTH_DIR]...
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import asl from 'amazon-states-language-service';

const { getLanguageService, TextDocument } = asl;

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CLUSTER = 'ci';

const args = process.argv.slice(2);
let stateMachinesDir = 'state-machines';
const templateDirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--templates') {
    templateDirs.push(args[++i]);
  } else {
    stateMachinesDir = args[i];
  }
}

const pascal = (kebab) => kebab.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/** The value state-machines/README.md's substitution table gives each placeholder, made concrete. */
function placeholderValue(name) {
  let m;
  if ((m = /^(\w+)FunctionArn$/.exec(name))) {
    return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:mirrorflow-${CLUSTER}-${m[1]}:live`;
  }
  if ((m = /^(\w+)StateMachineArn$/.exec(name))) {
    const kebab = m[1].replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:mirrorflow-${CLUSTER}-${kebab}`;
  }
  const fixed = {
    ClusterName: CLUSTER,
    ClusterBusName: `mirrorflow-${CLUSTER}`,
    RulePrefix: `mirrorflow-${CLUSTER}-`,
    Partition: 'aws',
    Region: REGION,
    AccountId: ACCOUNT,
    EventsRoleArn: `arn:aws:iam::${ACCOUNT}:role/mirrorflow-${CLUSTER}-${REGION}-events`,
    ScheduleGroupName: `mirrorflow-${CLUSTER}`,
    SchedulerRoleArn: `arn:aws:iam::${ACCOUNT}:role/mirrorflow-${CLUSTER}-${REGION}-scheduler`,
    DeadLetterQueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:mirrorflow-${CLUSTER}-dlq`,
    DefaultTargetId: 'tmt-0123456789abcdef0',
    DefaultFilterId: 'tmf-0123456789abcdef0',
    ScanRate: 'rate(1 minute)',
  };
  if (name in fixed) {
    return fixed[name];
  }
  throw new Error(`placeholder \${${name}} is not in state-machines/README.md's substitution table`);
}

function substitute(text, valueOf, where) {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name) => {
    const v = valueOf(name);
    if (v === undefined) {
      throw new Error(`${where}: no value for \${${name}}`);
    }
    return JSON.stringify(v).slice(1, -1);
  });
}

/** A plausible value for an intrinsic function of the template, as CloudFormation would resolve it. */
function resolve(value, template, where) {
  if (typeof value === 'string') {
    return value;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const [fn] = Object.keys(value);
    const arg = value[fn];
    if (fn === 'Ref') {
      return ref(arg, template, where);
    }
    if (fn === 'Fn::GetAtt') {
      const [id, attr] = Array.isArray(arg) ? arg : arg.split('.');
      return getAtt(id, attr, template, where);
    }
    if (fn === 'Fn::Join') {
      return arg[1].map((p) => resolve(p, template, where)).join(arg[0]);
    }
    if (fn === 'Fn::Sub') {
      const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
      return text.replace(/\$\{([^}!]+)\}/g, (_, name) => {
        if (vars[name] !== undefined) {
          return resolve(vars[name], template, where);
        }
        return name.includes('.') ? getAtt(...name.split('.'), template, where) : ref(name, template, where);
      });
    }
  }
  throw new Error(`${where}: cannot resolve ${JSON.stringify(value)}: teach checks/asl-lint.mjs this intrinsic`);
}

function ref(id, template, where) {
  const pseudo = { 'AWS::Partition': 'aws', 'AWS::AccountId': ACCOUNT, 'AWS::Region': REGION,
    'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': `mirrorflow-${CLUSTER}` };
  if (id in pseudo) {
    return pseudo[id];
  }
  const resource = template.Resources?.[id];
  const type = resource?.Type;
  const props = resource?.Properties ?? {};
  switch (type) {
    case 'AWS::Lambda::Alias':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}:${props.Name ?? 'live'}`;
    case 'AWS::Lambda::Function':
      return typeof props.FunctionName === 'string' ? props.FunctionName : id;
    case 'AWS::Events::EventBus':
      return typeof props.Name === 'string' ? props.Name : id;
    case 'AWS::EC2::TrafficMirrorFilter':
      return 'tmf-0123456789abcdef0';
    case 'AWS::EC2::TrafficMirrorTarget':
      return 'tmt-0123456789abcdef0';
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${props.StateMachineName ?? id}`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${props.QueueName ?? id}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${REGION}:${ACCOUNT}:${props.TopicName ?? id}`;
    case 'AWS::IAM::Role':
      return typeof props.RoleName === 'string' ? props.RoleName : id;
    default:
      throw new Error(`${where}: cannot resolve Ref ${id} (${type ?? 'no such resource'}): teach checks/asl-lint.mjs its value`);
  }
}

function getAtt(id, attr, template, where) {
  const type = template.Resources?.[id]?.Type;
  const service = { 'AWS::IAM::Role': 'iam', 'AWS::SQS::Queue': 'sqs', 'AWS::Events::EventBus': 'events',
    'AWS::Lambda::Function': 'lambda', 'AWS::SNS::Topic': 'sns', 'AWS::StepFunctions::StateMachine': 'states',
    'AWS::KMS::Key': 'kms' }[type];
  if (attr === 'Arn' && service === 'iam') {
    return `arn:aws:iam::${ACCOUNT}:role/${id}`;
  }
  if (attr === 'Arn' && service) {
    return `arn:aws:${service}:${REGION}:${ACCOUNT}:${id}`;
  }
  if (attr === 'Name' || attr === 'QueueName') {
    return id;
  }
  throw new Error(`${where}: cannot resolve Fn::GetAtt ${id}.${attr} (${type ?? 'no such resource'}): teach checks/asl-lint.mjs its value`);
}

function* templateDefinitions(dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        walk(p);
      } else if (name.endsWith('.template.json')) {
        files.push(p);
      }
    }
  };
  walk(dir);
  if (files.length === 0) {
    throw new Error(`no *.template.json under ${dir}`);
  }
  for (const file of files.sort()) {
    const template = JSON.parse(readFileSync(file, 'utf8'));
    for (const [id, r] of Object.entries(template.Resources ?? {})) {
      if (r.Type !== 'AWS::StepFunctions::StateMachine') {
        continue;
      }
      const where = `${file}#${id}`;
      const p = r.Properties ?? {};
      if (p.Definition !== undefined) {
        yield { where, text: JSON.stringify(p.Definition, null, 2) };
        continue;
      }
      if (p.DefinitionS3Location !== undefined || p.DefinitionString === undefined) {
        throw new Error(`${where}: no inline DefinitionString to check`);
      }
      const raw = resolve(p.DefinitionString, template, where);
      const subs = p.DefinitionSubstitutions ?? {};
      const text = substitute(raw, (name) => (name in subs ? resolve(subs[name], template, where) : undefined), where);
      yield { where, text };
    }
  }
}

function* fileDefinitions(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.asl.json')).sort();
  if (files.length === 0) {
    throw new Error(`no *.asl.json in ${dir}`);
  }
  for (const f of files) {
    const where = join(dir, f);
    yield { where, text: substitute(readFileSync(where, 'utf8'), placeholderValue, where) };
  }
}

const service = getLanguageService({});
async function diagnose({ where, text }) {
  const document = TextDocument.create(`file://${where}`, 'json', 1, text);
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
  return diagnostics.map((d) => `${where}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
}

let checked = 0;
const problems = [];
try {
  const sources = [fileDefinitions(stateMachinesDir), ...templateDirs.map(templateDefinitions)];
  for (const source of sources) {
    for (const definition of source) {
      checked++;
      problems.push(...await diagnose(definition));
    }
  }
} catch (e) {
  console.error(`asl-lint: ${e.message}`);
  process.exit(2);
}
const version = JSON.parse(readFileSync(new URL('../node_modules/amazon-states-language-service/package.json', import.meta.url))).version;
for (const p of problems) {
  console.log(p);
}
console.log(`amazon-states-language-service ${version}: ${checked} definition(s), ${problems.length} diagnostic(s)`);
process.exit(problems.length === 0 ? 0 : 1);
