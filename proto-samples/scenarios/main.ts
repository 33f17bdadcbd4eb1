// The scenario runner behind `npm run lab -- --scenario NAME` (the lab command delegates here):
// starts one lab scenario, prints its story and the burst that shows it, and runs until
// SIGINT/SIGTERM.
import { describeScenarioRun, listScenarios, parseScenarioArgs, scenarioUsage } from './command';
import { findScenario } from './index';

export async function runScenarioCommand(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseScenarioArgs(argv);
  } catch (error) {
    console.error(`lab: ${(error as Error).message}\n\n${scenarioUsage}`);
    return 1;
  }
  if (command.kind === 'list') {
    console.log(`${scenarioUsage}\n\n${listScenarios()}`);
    return 0;
  }
  const run = await findScenario(command.name)!.setup();
  console.log(describeScenarioRun(command.name, run));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await run.teardown();
  console.log('scenario stopped');
  return 0;
}
