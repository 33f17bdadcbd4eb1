import type { FileDescriptorProto } from '@bufbuild/protobuf/wkt';

/**
 * Files in the order `protoc --include_imports` writes them: starting from each root file in turn,
 * every dependency (in declaration order) before the file that imports it, each file once. Only
 * files reachable from `rootNames` are returned; dependencies that are not in `files` are skipped.
 */
export function dependencyOrder(
  files: ReadonlyMap<string, FileDescriptorProto>,
  rootNames: Iterable<string>,
): FileDescriptorProto[] {
  const ordered: FileDescriptorProto[] = [];
  const visited = new Set<string>();
  // Iterative depth-first post-order: real dependency chains are shallow, but a crafted descriptor
  // set must not overflow the stack.
  for (const rootName of rootNames) {
    const stack: { file: FileDescriptorProto; nextDependency: number }[] = [];
    const enter = (name: string): void => {
      const file = files.get(name);
      if (file === undefined || visited.has(name)) return;
      visited.add(name);
      stack.push({ file, nextDependency: 0 });
    };
    enter(rootName);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const dependency = top.file.dependency[top.nextDependency++];
      if (dependency === undefined) {
        ordered.push(stack.pop()!.file);
      } else {
        enter(dependency);
      }
    }
  }
  return ordered;
}

/** Name → file, keeping the first of files that share a name. */
export function filesByName(files: Iterable<FileDescriptorProto>): Map<string, FileDescriptorProto> {
  const byName = new Map<string, FileDescriptorProto>();
  for (const file of files) if (!byName.has(file.name)) byName.set(file.name, file);
  return byName;
}
