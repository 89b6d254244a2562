// A small client of the local cloud for the conformance test: starts `./mirrorflow local`, speaks
// the AWS JSON protocols (Step Functions, EventBridge) and the EC2 query protocol over plain HTTP,
// and the local EC2's admin API. The local cloud does not check signatures, so none are sent.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `./mirrorflow --cluster CLUSTER local` (port 0: any free port, unless given) and resolves
 * once it listens. The server runs in its own process group, killed by stop() and on exit.
 */
export async function startLocalCloud({ root, cluster, scenario, speed, port = 0 }) {
  const child = spawn('./mirrorflow', ['--cluster', cluster, 'local', '--port', String(port),
    '--scenario', scenario, '--speed', String(speed)], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', kill);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      kill();
      process.exit(130);
    });
  }
  const output = [];
  child.stderr.on('data', (d) => output.push(d.toString()));
  const endpoint = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      output.push(line);
      const m = /local cloud listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`./mirrorflow local exited (${code}) before listening:\n${output.join('\n')}`)));
  });
  const stopped = new Promise((resolve) => child.on('exit', resolve));
  return {
    endpoint,
    async stop() {
      kill();
      await stopped;
    },
  };
}

export class LocalCloud {
  constructor(endpoint) {
    this.endpoint = endpoint;
  }

  async #post(path, headers, body) {
    const response = await fetch(this.endpoint + path, { method: 'POST', headers, body });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${path} ${headers['X-Amz-Target'] ?? ''} answered ${response.status}: ${text}`);
    }
    return text;
  }

  async json(target, version, body) {
    const text = await this.#post('/', { 'Content-Type': `application/x-amz-json-${version}`, 'X-Amz-Target': target },
        JSON.stringify(body));
    return text ? JSON.parse(text) : {};
  }

  states(action, body) {
    return this.json(`AWSStepFunctions.${action}`, '1.0', body);
  }

  events(action, body) {
    return this.json(`AWSEvents.${action}`, '1.1', body);
  }

  /** An EventBridge Scheduler call (REST-JSON): `method` on `path`, e.g. GET /schedules/NAME?groupName=G. */
  async scheduler(method, path, body) {
    const response = await fetch(this.endpoint + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`scheduler ${method} ${path} answered ${response.status}: ${text}`);
    }
    return text ? JSON.parse(text) : {};
  }

  /** An EC2 query-protocol call; answers the XML text. */
  ec2(action, params) {
    const form = new URLSearchParams({ Action: action, Version: '2016-11-15', ...params });
    return this.#post('/', { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, form.toString());
  }

  async admin(method, route, body) {
    const response = await fetch(`${this.endpoint}/_mirrorflow/ec2/${route}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`admin ${method} ${route} answered ${response.status}: ${text}`);
    }
    return text ? JSON.parse(text) : {};
  }

  async stateMachineArn(name) {
    const { stateMachines } = await this.states('ListStateMachines', {});
    const found = stateMachines.find((m) => m.name === name);
    if (!found) {
      throw new Error(`no state machine ${name}; deployed: ${stateMachines.map((m) => m.name).join(', ')}`);
    }
    return found.stateMachineArn;
  }

  /** Starts an execution on the local cloud's own interpreter and polls until it ends (at most 5 minutes). */
  async runExecution(stateMachineArn, name, input) {
    const { executionArn } = await this.states('StartExecution', { stateMachineArn, name, input: JSON.stringify(input) });
    const deadline = Date.now() + 5 * 60_000;
    while (Date.now() < deadline) {
      const d = await this.states('DescribeExecution', { executionArn });
      if (d.status !== 'RUNNING') {
        return { ...d, executionArn };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${executionArn} still RUNNING after 5 minutes`);
  }

  async history(executionArn) {
    const events = [];
    let nextToken;
    do {
      const page = await this.states('GetExecutionHistory', { executionArn, nextToken, maxResults: 1000 });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }
}
