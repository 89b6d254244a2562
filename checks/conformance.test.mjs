// A second engine: the same reconcile-vpc executions under the local cloud's own ASL interpreter and
// under aws-local-stepfunctions (a States Language engine nobody here wrote), against the same local
// cloud (same EC2 world, same in-process Lambda steps), compared output for output and session for
// session. Our interpreter and our emulator are written by the same people as the workflows; where
// they share a mistake, our own tests cannot see it, and this can.
//
// Run: node --test checks/conformance.test.mjs   (needs the build: mvn -B -q package -DskipTests)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalCloud, startLocalCloud } from './conformance/local-cloud.mjs';

// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22+); this is its specified behaviour.
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLUSTER = 'conformance';
const VPC = 'vpc-0c0f0c0f0c0f0c0f0';
const SUBNET_A = 'subnet-0a0a0a0a0a0a0a0a0';
const SUBNET_B = 'subnet-0b0b0b0b0b0b0b0b0';
const TARGET = 'tmt-0c0c0c0c0c0c0c0c0';
const OTHER_TARGET = 'tmt-0d0d0d0d0d0d0d0d0';
const FILTER = 'tmf-0c0c0c0c0c0c0c0c0';
const FOREIGN = 'tms-0f0f0f0f0f0f0f0f0';
const NEW_ENI = 'eni-0a00000000000000b';
const CROWDED_ENI = 'eni-0b000000000000001';
const SCENARIO = 'checks/conformance/scenario.json';
const SCENARIO_JSON = JSON.parse(await (await import('node:fs/promises')).readFile(join(ROOT, SCENARIO), 'utf8'));
const REJECTED = 'dev.mirrorflow.activities.ec2.Ec2RejectedException';
const TRANSIENT = 'dev.mirrorflow.activities.ec2.TransientEc2Exception';

let server;
let cloud;
let ours;
let theirs;

before(async () => {
  // Real time (speed 1): the local Lambda's 60-second timeout runs on the local clock, and a cold
  // step on a busy CI machine must not hit it.
  server = await startLocalCloud({ root: ROOT, cluster: CLUSTER, scenario: SCENARIO, speed: 1,
    port: Number(process.env.CHECKS_PORT ?? 0) });
  cloud = new LocalCloud(server.endpoint);
  // aws-local-stepfunctions invokes each Task's Lambda with the AWS SDK for JavaScript, which reads these.
  Object.assign(process.env, { AWS_ENDPOINT_URL_LAMBDA: server.endpoint, AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'conformance', AWS_SECRET_ACCESS_KEY: 'conformance' });

  // Register the VPC the way a user does (add-vpc, on our engine: registration is not under test),
  // then move its every-minute scan out of the way, so that no scheduled reconcile races the
  // executions being compared. PlanVpc reads the registration from the schedule's target, unchanged,
  // and its digest from the Description, kept (without it the registration reads as tampered with).
  const added = await cloud.runExecution(await cloud.stateMachineArn(`mirrorflow-${CLUSTER}-add-vpc`),
      `${VPC}-conformance-add`, { cluster: CLUSTER, vpcId: VPC, config: {} });
  assert.equal(added.status, 'SUCCEEDED', `add-vpc: ${added.error} ${added.cause}`);
  const group = `mirrorflow-${CLUSTER}`;
  const schedule = await cloud.scheduler('GET', `/schedules/${VPC}?groupName=${group}`);
  await cloud.scheduler('PUT', `/schedules/${VPC}`, { GroupName: group, ScheduleExpression: 'rate(1 day)',
    FlexibleTimeWindow: schedule.FlexibleTimeWindow, Target: schedule.Target, State: schedule.State,
    Description: schedule.Description });

  const reconcileArn = await cloud.stateMachineArn(`mirrorflow-${CLUSTER}-reconcile-vpc`);
  // The definition as deployed, placeholders substituted: both engines run exactly this.
  const definition = JSON.parse((await cloud.states('DescribeStateMachine', { stateMachineArn: reconcileArn })).definition);
  ours = oursEngine(reconcileArn);
  theirs = theirsEngine(definition, reconcileArn);
});

after(async () => {
  await server?.stop();
});

function oursEngine(stateMachineArn) {
  let n = 0;
  return {
    name: 'local cloud interpreter',
    async run(input) {
      const e = await cloud.runExecution(stateMachineArn, `${VPC}-conformance-${Date.now()}-${++n}`, input);
      const history = await cloud.history(e.executionArn);
      // Every failed attempt of a Lambda step, retried or caught.
      const failedAttempts = history.filter((h) => h.type === 'LambdaFunctionFailed')
          .map((h) => h.lambdaFunctionFailedEventDetails?.error);
      return { status: e.status, output: e.output === undefined ? undefined : JSON.parse(e.output), error: e.error,
        failedAttempts };
    },
  };
}

function theirsEngine(definition, stateMachineArn) {
  let n = 0;
  const retrying = [];
  const walk = (states) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Retry) {
        retrying.push(name);
      }
      const inner = state.ItemProcessor ?? state.Iterator;
      if (inner) {
        walk(inner.States);
      }
      for (const branch of state.Branches ?? []) {
        walk(branch.States);
      }
    }
  };
  walk(definition.States);
  const machine = new StateMachine(definition, {});
  return {
    name: 'aws-local-stepfunctions',
    async run(input) {
      // Legitimate difference: this engine sleeps its Retry backoff in wall-clock time, ours on the
      // local cloud's clock. The backoff's length is not what is compared, only that the retry happens.
      // This engine fills only Execution.Input and StartTime of the context object; the rest (which
      // reconcile-vpc's WhoAmI reads) is given as AWS would, through its documented context option.
      const context = { Execution: { Name: `${VPC}-conformance-theirs-${Date.now()}-${++n}` },
        StateMachine: { Id: stateMachineArn, Name: stateMachineArn.split(':').pop() } };
      const execution = machine.run(input, {
        context,
        overrides: { retryIntervalOverrides: Object.fromEntries(retrying.map((s) => [s, 0])) },
      });
      const events = [];
      const logging = (async () => {
        for await (const event of execution.eventLogs) {
          events.push(event);
        }
      })();
      let result;
      try {
        result = { status: 'SUCCEEDED', output: await execution.result };
      } catch (e) {
        // Legitimate difference (error wrapping): this engine rejects with a JavaScript error whose
        // name is the States error and whose message is "<errorType>: <errorMessage>"; AWS (and ours)
        // report the error name and, as the cause, the Lambda's whole error document. Only the error
        // name is compared.
        result = { status: 'FAILED', error: e.name };
      }
      await logging;
      const failedAttempts = events.filter((ev) => ev.type === 'StateFailed' && ev.state.type === 'Task').map((ev) => ev.Error);
      return { ...result, failedAttempts };
    },
  };
}

/** The sessions of the VPC's world, without what EC2 picks itself (ids, a VNI when none is asked for). */
async function sessions() {
  const state = await cloud.admin('GET', 'state');
  return state.sessions.map((s) => ({
    eni: s.networkInterfaceId,
    target: s.targetId,
    filter: s.filterId,
    number: s.sessionNumber,
    packetLength: s.packetLength,
    // The client token differs by plan (each plan has its own id), so by engine: compared without it.
    tags: Object.fromEntries(Object.entries(state.tags[s.id] ?? {}).filter(([k]) => k !== 'mirrorflow:client-token')),
    foreign: s.id === FOREIGN,
  })).sort((x, y) => `${x.eni}/${x.number}`.localeCompare(`${y.eni}/${y.number}`));
}

/** A fresh copy of the scenario's world: EC2 reset and seeded again with the same ids. */
async function freshWorld() {
  await cloud.admin('POST', 'reset');
  // Nothing but the executions under test may start a reconcile: no state-change events.
  await cloud.admin('POST', 'knobs', { stateChangeEvents: false });
  await cloud.admin('POST', 'scenario', SCENARIO_JSON);
}

/** A second ENI on an eligible instance of subnet A: one session to create. */
async function addEni() {
  await cloud.admin('POST', 'network-interfaces', { id: NEW_ENI, subnetId: SUBNET_A, instanceId: 'i-0a000000000000001',
    description: 'second ENI, attached after the last reconcile' });
}

/**
 * An owned session to another target, made behind Mirrorflow's back in subnet B beside the one it
 * keeps: one to delete. (Another target, so that which of the two is kept does not depend on the
 * order EC2 lists them in.)
 */
async function addExtraOwnedSession() {
  await cloud.ec2('CreateTrafficMirrorSession', {
    NetworkInterfaceId: CROWDED_ENI, TrafficMirrorTargetId: OTHER_TARGET, TrafficMirrorFilterId: FILTER, SessionNumber: '7',
    'TagSpecification.1.ResourceType': 'traffic-mirror-session',
    'TagSpecification.1.Tag.1.Key': 'mirrorflow:cluster', 'TagSpecification.1.Tag.1.Value': CLUSTER,
    'TagSpecification.1.Tag.2.Key': 'mirrorflow:vpc', 'TagSpecification.1.Tag.2.Value': VPC,
    'TagSpecification.1.Tag.3.Key': 'mirrorflow:subnet', 'TagSpecification.1.Tag.3.Value': SUBNET_B,
  });
}

const base = { cluster: CLUSTER, vpcId: VPC };

/**
 * Runs one story on an engine from a fresh world: the first reconcile (everything to create), then
 * the story's own changes and its execution. Answers both executions and the sessions at the end.
 */
async function story(engine, { change = async () => {}, input = base }) {
  await freshWorld();
  const first = await engine.run(base);
  await change();
  const run = await engine.run(input);
  return { first, run, sessions: await sessions() };
}

/** The same story under both engines: their outputs, statuses and end states must be equal. */
async function conformance(spec) {
  const a = await story(ours, spec);
  const b = await story(theirs, spec);
  for (const key of ['first', 'run']) {
    assert.equal(b[key].status, a[key].status, `${key}: status (ours ${a[key].error ?? ''}, theirs ${b[key].error ?? ''})`);
    assert.deepEqual(b[key].output, a[key].output, `${key}: output`);
    assert.equal(b[key].error, a[key].error, `${key}: error`);
    assert.deepEqual(b[key].failedAttempts, a[key].failedAttempts, `${key}: failed Lambda attempts, in order`);
  }
  assert.deepEqual(b.sessions, a.sessions, 'sessions at the end');
  assert.equal(a.first.output.created, 4, 'the first reconcile mirrors the 4 eligible ENIs');
  assert.ok(a.sessions.some((s) => s.foreign && s.eni === CROWDED_ENI), 'the foreign session is untouched');
  return { ours: a, theirs: b };
}

const owned = (s) => s.filter((x) => x.tags['mirrorflow:cluster'] === CLUSTER);

test('nothing to do: a second reconcile of a converged VPC changes nothing', async () => {
  const { ours: a } = await conformance({});
  assert.deepEqual(a.run.output, { cluster: CLUSTER, vpcId: VPC, created: 0, deleted: 0, kept: 4,
    skipped: a.first.output.skipped, failed: {}, failedSubnets: [] });
});

test('drift repaired: a new ENI is mirrored and an extra owned session deleted', async () => {
  const { ours: a } = await conformance({ change: async () => {
    await addEni();
    await addExtraOwnedSession();
  } });
  assert.equal(a.run.output.created, 1);
  assert.equal(a.run.output.deleted, 1);
  assert.equal(owned(a.sessions).length, 5);
  assert.ok(owned(a.sessions).some((s) => s.eni === NEW_ENI));
  assert.ok(!a.sessions.some((s) => s.number === 7));
});

// A transient error the step does not absorb itself (throttling it paces within the invocation:
// MutatingPacer), so the batch fails and the state machine's Retry runs in both engines.
test('transient failure retried: two InternalError answers, then the batch succeeds', async () => {
  const { ours: a, theirs: b } = await conformance({ change: async () => {
    await addEni();
    await cloud.admin('POST', 'faults', { action: 'CreateTrafficMirrorSession', count: 2, code: 'InternalError' });
  } });
  assert.equal(a.run.output.created, 1);
  assert.deepEqual(a.run.failedAttempts, [TRANSIENT, TRANSIENT], 'ours retried the batch twice');
  assert.deepEqual(b.run.failedAttempts, [TRANSIENT, TRANSIENT], 'theirs retried the batch twice');
  assert.equal(a.run.output.failedSubnets.length, 0);
});

test('failing subnet caught: the subnet whose batch EC2 refuses is reported, the other converges', async () => {
  const { ours: a } = await conformance({ change: async () => {
    await addEni();
    await addExtraOwnedSession();
    // A refused create is that ENI's outcome (it never fails a subnet); a refused delete fails its batch.
    await cloud.admin('POST', 'faults', { action: 'DeleteTrafficMirrorSession', count: 1, code: 'UnauthorizedOperation' });
  } });
  assert.equal(a.run.status, 'SUCCEEDED');
  assert.deepEqual(a.run.output.failedSubnets.map((f) => [f.subnetId, f.error]), [[SUBNET_B, REJECTED]]);
  assert.equal(a.run.output.created, 1, 'subnet A still converged');
  assert.deepEqual(a.run.failedAttempts, [REJECTED], 'a refusal is caught, not retried');
  assert.ok(owned(a.sessions).some((s) => s.eni === NEW_ENI));
  assert.ok(a.sessions.some((s) => s.number === 7), 'the refused delete left the extra session');
});

test('dry run: says what it would do and changes nothing', async () => {
  const { ours: a } = await conformance({
    change: async () => {
      await addEni();
      await addExtraOwnedSession();
    },
    input: { ...base, dryRun: true },
  });
  assert.equal(a.run.output.dryRun, true);
  assert.equal(a.run.output.wouldCreate, 1);
  assert.equal(a.run.output.wouldDelete, 1);
  assert.ok(a.sessions.some((s) => s.number === 7), 'the extra session is still there');
  assert.ok(!a.sessions.some((s) => s.eni === NEW_ENI), 'the new ENI is still unmirrored');
});

test('purge: every owned session deleted, the foreign one kept', async () => {
  const { ours: a } = await conformance({ input: { ...base, purge: true } });
  assert.equal(a.run.output.deleted, 4);
  assert.deepEqual(owned(a.sessions), []);
  assert.equal(a.sessions.length, 1);
});
