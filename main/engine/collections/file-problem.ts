import type { CollectionFileProblem } from '../../../shared/api';

/** A problem with one file of a collection, reported as `path:line:col: message`. */
export type FileProblem = CollectionFileProblem;

export function formatFileProblem(problem: FileProblem): string {
  const place = problem.line === undefined ? '' : `:${problem.line}:${problem.col ?? 1}`;
  return `${problem.path}${place}: ${problem.message}`;
}
