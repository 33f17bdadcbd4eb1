// The `lab` command (bundled to dist/lab.js): starts the demo lab, prints what runs where and how
// to call it, and runs until SIGINT/SIGTERM, then closes every server and connection.
import { startLab } from './lab';
import { LabUsageError, describeLab, labUsage, parseLabArgs } from './lab-command';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseLabArgs(argv);
  } catch (error) {
    if (!(error instanceof LabUsageError)) throw error;
    console.error(`lab: ${error.message}\n\n${labUsage}`);
    return 1;
  }
  if (command.help) {
    console.log(labUsage);
    return 0;
  }
  if ('cluster' in command) return (await import('../cluster/main')).runLabCluster(command.cluster);
  let lab;
  try {
    lab = await startLab(command.lab);
  } catch (error) {
    console.error(`lab: ${(error as Error).message}`);
    return 1;
  }
  console.log(describeLab(lab, command.lab));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.close();
  console.log('lab stopped');
  return 0;
}

const argv = process.argv.slice(2);
process.exitCode = argv.includes('--scenario')
  ? await (await import('../scenarios/main')).runScenarioCommand(argv)
  : await main(argv);
