/**
 * The demo lab's teaching scenarios (proto-samples/scenarios) for a host that runs the lab: each
 * start runs the scenario's own lab on free ports — the previous scenario's lab is stopped first —
 * and answers with where to burst and the settings that tell its story, so the app's scenario
 * picker fills the burst form instead of the user copying a CLI line.
 */
import type { LabScenarioRun, LabScenarioSummary } from '../../shared/api';
import { WorkbenchError } from '../../shared/api';
import type { LabScenarioOperations } from '../engine/index';
import {
  findScenario,
  scenarios,
  SCENARIO_METHOD,
  SCENARIO_REQUEST_JSON,
  type ScenarioRun,
} from '../../proto-samples/scenarios/index';

export interface LabScenarioHost extends LabScenarioOperations {
  /** What HostInfo.lab.scenarios lists. */
  readonly summaries: LabScenarioSummary[];
  /** Stops the running scenario's lab. */
  close(): Promise<void>;
}

export function createLabScenarioHost(): LabScenarioHost {
  let running: ScenarioRun | undefined;
  // Starts are serialised: a second pick waits for the first lab to be up (and then stops it).
  let queue: Promise<unknown> = Promise.resolve();
  const stopRunning = async (): Promise<void> => {
    const previous = running;
    running = undefined;
    await previous?.teardown();
  };

  return {
    summaries: scenarios.map(({ name, title, description }) => ({ name, title, description })),

    startLabScenario({ name }) {
      const scenario = findScenario(name);
      if (scenario === undefined) {
        return Promise.reject(
          new WorkbenchError('not_found', `There is no lab scenario "${name}".`, {
            hint: `The scenarios are ${scenarios.map((known) => known.name).join(', ')}.`,
            subject: name,
          }),
        );
      }
      const started = queue.then(async (): Promise<LabScenarioRun> => {
        await stopRunning();
        running = await scenario.setup();
        const { burst, target } = running;
        return {
          name: scenario.name,
          title: scenario.title,
          description: scenario.description,
          target,
          method: SCENARIO_METHOD,
          requestJson: burst.requestJson ?? SCENARIO_REQUEST_JSON,
          burst: {
            ...(burst.total === undefined ? {} : { total: burst.total }),
            ...(burst.concurrency === undefined ? {} : { concurrency: burst.concurrency }),
            ...(burst.connections === undefined ? {} : { connections: burst.connections }),
            ...(burst.lbPolicy === undefined ? {} : { lbPolicy: burst.lbPolicy }),
            ...(burst.backendKey === undefined ? {} : { backendKey: burst.backendKey }),
            ...(burst.knownBackends === undefined ? {} : { knownBackends: burst.knownBackends }),
            ...(burst.ratePerSecond === undefined ? {} : { ratePerSecond: burst.ratePerSecond }),
          },
        };
      });
      queue = started.catch(() => undefined);
      return started;
    },

    async close() {
      await queue;
      await stopRunning();
    },
  };
}
