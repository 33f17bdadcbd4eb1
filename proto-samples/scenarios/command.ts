import { burstCommandLine, findScenario, scenarios, type ScenarioRun } from './index';

/** `lab --scenario NAME` / `--list`: what the scenario runner was asked to do. */
export type ScenarioCommand = { kind: 'list' } | { kind: 'run'; name: string };

export const scenarioUsage = [
  'usage: lab --scenario NAME      start a load-balancing scenario and print the burst that shows it',
  '       lab --scenario --list    list the scenarios',
].join('\n');

export function parseScenarioArgs(argv: readonly string[]): ScenarioCommand {
  const at = argv.indexOf('--scenario');
  const value = at >= 0 ? argv[at + 1] : argv.find((arg) => !arg.startsWith('-'));
  if (argv.includes('--list') || value === undefined || value === '--list') return { kind: 'list' };
  if (findScenario(value) === undefined) {
    throw new Error(`There is no scenario "${value}". Scenarios: ${scenarios.map((s) => s.name).join(', ')}.`);
  }
  return { kind: 'run', name: value };
}

export function listScenarios(): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return scenarios.map((s) => `  ${s.name.padEnd(width)}  ${s.title}`).join('\n');
}

/** What a started scenario prints: the story, the target, and the command that shows it. */
export function describeScenarioRun(name: string, run: ScenarioRun): string {
  const scenario = findScenario(name)!;
  return [
    `Scenario ${scenario.name}: ${scenario.title}`,
    '',
    scenario.description,
    '',
    `Target: ${run.target}`,
    `Backends: ${run.lab.backends.map((b) => `${b.name} ${b.address}`).join(', ')}`,
    '',
    'Run the burst (or use the Load balancing tab with these settings):',
    `  ${burstCommandLine(run)}`,
    '',
    'Ctrl-C stops the scenario.',
  ].join('\n');
}
