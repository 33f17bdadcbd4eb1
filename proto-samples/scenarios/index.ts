import type { BurstRequest } from '../../shared/api';
import { startLab, type Lab, type LabOptions } from '../lab/index';

/**
 * The lab as a teaching tool: each scenario starts a lab and says how to burst it so the hit map
 * shows one load-balancing story. `npm run lab -- --scenario NAME` starts one (see README.md).
 */

export interface ScenarioRun {
  /** What to burst. */
  target: string;
  /** The burst settings that tell the story; the caller adds schemaId, method and connection. */
  burst: Partial<BurstRequest>;
  lab: Lab;
  teardown(): Promise<void>;
}

export interface Scenario {
  name: string;
  title: string;
  /** What the user will see and why. */
  description: string;
  setup(): Promise<ScenarioRun>;
}

/** Every lab response names its backend in this header. */
export const BACKEND_KEY = 'x-backend';
export const SCENARIO_METHOD = 'user.v1.UserService/GetUser';
export const SCENARIO_REQUEST_JSON = '{"id":"u1"}';

const LAB_BACKENDS = ['backend-1', 'backend-2', 'backend-3'];
/** The backend the scale-up scenario adds while a burst runs. */
export const ADDED_BACKEND = 'backend-4';
/** How long after the first application call (the burst's, not the UI's reflection) the scale-up scenario adds its backend. */
export const SCALE_UP_DELAY_MS = 1_000;
const POLL_MS = 20;

const common: Partial<BurstRequest> = {
  requestJson: SCENARIO_REQUEST_JSON,
  backendKey: BACKEND_KEY,
  knownBackends: LAB_BACKENDS,
};

async function labRun(
  options: LabOptions,
  target: (lab: Lab) => string,
  burst: Partial<BurstRequest>,
): Promise<ScenarioRun> {
  const lab = await startLab(options);
  return { lab, target: target(lab), burst: { ...common, ...burst }, teardown: () => lab.close() };
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'l4-shared',
    title: 'L4 proxy + one shared channel → pinned',
    description:
      'Three backends behind an L4 proxy (a ClusterIP Service). One channel means one HTTP/2 connection, and the proxy picked a ' +
      'backend for that connection once: every call lands there, the other two get none.',
    setup: () =>
      labRun({}, (lab) => lab.target, { connections: 'shared', lbPolicy: 'pick_first', total: 300, concurrency: 10 }),
  },
  {
    name: 'l4-per-call',
    title: 'L4 proxy + a new channel per call → spread',
    description:
      'The same proxy, but every call opens its own connection, so the proxy spreads connections — and calls with them. It works, ' +
      'at the price of a handshake per call; production clients keep one channel.',
    setup: () =>
      labRun({}, (lab) => lab.target, { connections: 'per-call', lbPolicy: 'pick_first', total: 30, concurrency: 1 }),
  },
  {
    name: 'round-robin',
    title: 'Three addresses + round_robin → balanced',
    description:
      'The "headless Service": the target lists every backend (ipv4:a,b,c) and round_robin keeps a subchannel to each, rotating ' +
      'calls over one channel.',
    setup: () =>
      labRun({ proxy: false }, (lab) => lab.directTargets, {
        connections: 'shared',
        lbPolicy: 'round_robin',
        total: 300,
        concurrency: 10,
      }),
  },
  {
    name: 'pick-first',
    title: 'Three addresses + pick_first → pinned',
    description:
      'The same address list with the default pick_first: the channel connects to the first address and sends it everything.',
    setup: () =>
      labRun({ proxy: false }, (lab) => lab.directTargets, {
        connections: 'shared',
        lbPolicy: 'pick_first',
        total: 300,
        concurrency: 10,
      }),
  },
  {
    name: 'scale-up',
    title: 'A backend added during a burst → gets nothing',
    description:
      `Behind the L4 proxy, ${ADDED_BACKEND} joins ${SCALE_UP_DELAY_MS / 1000} s after the first GetUser call arrives. The burst's ` +
      'connection was placed before it existed, so it gets no calls until connections churn.',
    setup: async () => {
      const run = await labRun({}, (lab) => lab.target, {
        connections: 'shared',
        lbPolicy: 'pick_first',
        total: 600,
        concurrency: 4,
        ratePerSecond: 200,
        knownBackends: [...LAB_BACKENDS, ADDED_BACKEND],
      });
      const scaleUp = addBackendAfterFirstCall(run.lab);
      return {
        ...run,
        teardown: async () => {
          scaleUp.stop();
          await scaleUp.done;
          await run.teardown();
        },
      };
    },
  },
  {
    name: 'failing-backend',
    title: 'One backend failing → failing',
    description:
      'round_robin over three addresses, but backend-3 answers every call with UNAVAILABLE: a third of the calls fail, and the ' +
      'verdict names the backend to take out of rotation.',
    setup: () =>
      labRun(
        { proxy: false, behaviors: { 'backend-3': { failure: { code: 14, message: 'backend-3 is shedding load' } } } },
        (lab) => lab.directTargets,
        {
          connections: 'shared',
          lbPolicy: 'round_robin',
          total: 300,
          concurrency: 10,
        },
      ),
  },
];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((scenario) => scenario.name === name);
}

/**
 * Waits (until stopped) for the first application call to reach a backend, then adds a backend
 * SCALE_UP_DELAY_MS later. Keyed to the first call — not to the lab's start, nor to the first
 * connection, which in the app is its own reflection at Connect — so it happens during the burst
 * however long the user takes to start one.
 */
function addBackendAfterFirstCall(lab: Lab): { done: Promise<void>; stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: () => void = () => undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  const done = (async () => {
    while (!stopped && lab.backends.every((backend) => backend.applicationCalls === 0)) await sleep(POLL_MS);
    if (!stopped) await sleep(SCALE_UP_DELAY_MS);
    if (!stopped) await lab.addBackend();
  })();
  return {
    done,
    stop() {
      stopped = true;
      clearTimeout(timer);
      wake();
    },
  };
}

/** The grpc-workbench CLI line that runs a scenario's burst (for the README and the scenario runner). */
export function burstCommandLine(run: Pick<ScenarioRun, 'target' | 'burst'>): string {
  const { burst } = run;
  const parts = [
    'grpc-workbench burst -plaintext',
    run.target,
    SCENARIO_METHOD,
    `-d '${burst.requestJson ?? SCENARIO_REQUEST_JSON}'`,
  ];
  if (burst.total !== undefined) parts.push(`-n ${burst.total}`);
  if (burst.concurrency !== undefined) parts.push(`-c ${burst.concurrency}`);
  if (burst.connections !== undefined) parts.push(`--connections ${burst.connections}`);
  if (burst.lbPolicy !== undefined) parts.push(`--lb ${burst.lbPolicy}`);
  if (burst.ratePerSecond !== undefined) parts.push(`--rate ${burst.ratePerSecond}`);
  if (burst.backendKey !== undefined) parts.push(`--backend-key ${burst.backendKey}`);
  if (burst.knownBackends !== undefined && burst.knownBackends.length > 0)
    parts.push(`--backends ${burst.knownBackends.join(',')}`);
  return parts.join(' ');
}
