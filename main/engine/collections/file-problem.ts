/** A problem with one file of a collection, reported as `path:line:col: message`. */
export interface FileProblem {
  /** The file, relative to the collection root (or as given for a file outside any collection). */
  path: string;
  /** 1-based, when the problem has a place in the file. */
  line?: number;
  col?: number;
  message: string;
}

export function formatFileProblem(problem: FileProblem): string {
  const place = problem.line === undefined ? '' : `:${problem.line}:${problem.col ?? 1}`;
  return `${problem.path}${place}: ${problem.message}`;
}
