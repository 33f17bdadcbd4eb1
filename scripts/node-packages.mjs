// How the Node bundles treat packages, shared by the product's build (scripts/build.mjs) and the
// benchmarks' (scripts/bench.mjs), so a benchmark's process loads its code the way the CLI does.
//
// Every package stays in node_modules except two that are bundled. @bufbuild/protobuf: so that its
// base64 module imports main/engine/platform-base64.ts first and reads the fast encoder it installs
// (see there); whatever the chunks' order, the import inside the module comes first. zod: every
// command loads it (the operation table), and Node resolving and loading its ~100 ES modules one by
// one took longer than importing grpc-js; one bundled chunk takes a third of that. The CLI's bundle
// also takes in @grpc/grpc-js and @grpc/reflection with their dependencies, so that their compiled
// code is cached with the CLI's (main/cli/launch.ts).
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const bundledPackages = ['@bufbuild/protobuf', 'zod'];
const platformBase64 = resolve(repo, 'main/engine/platform-base64.ts');

/**
 * The esbuild plugin: every other package external, @bufbuild/protobuf with the platform's base64.
 * `alsoBundled` names more packages to bundle, with what they import from node_modules (the CLI's
 * bundle: scripts/build.mjs).
 */
export function nodePackagesBundling(alsoBundled = []) {
  const names = [...bundledPackages, ...alsoBundled];
  return {
    name: 'node-packages',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
        names.some((name) => args.path === name || args.path.startsWith(`${name}/`)) ||
        (alsoBundled.length > 0 && /[\\/]node_modules[\\/]/.test(args.importer))
          ? undefined
          : { path: args.path, external: true },
      );
      if (alsoBundled.length > 0) pluginBuild.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, ownDirname);
      pluginBuild.onLoad(
        { filter: /[\\/]@bufbuild[\\/]protobuf[\\/]dist[\\/]esm[\\/]wire[\\/]base64-encoding\.js$/ },
        async (args) => ({
          contents: `import ${JSON.stringify(platformBase64)};\n${await readFile(args.path, 'utf8')}`,
          loader: 'js',
        }),
      );
    },
  };
}

export const nodePackages = nodePackagesBundling();

/**
 * A bundled package that reads files beside its modules (grpc-js's channelz.proto, reflection's
 * protos) finds them in its installed copy: its `__dirname` is its folder there, found from the
 * package's entry at run time, as the bundle is not where the package is.
 */
async function ownDirname(args) {
  const contents = await readFile(args.path, 'utf8');
  if (!/\b__dirname\b/.test(contents)) return undefined;
  const [, packageRoot, name] = /^(.*[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+))/.exec(args.path);
  const manifest = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8'));
  const entryDir = dirname(join(packageRoot, manifest.main ?? 'index.js'));
  const fromEntry = relative(entryDir, dirname(args.path)).split(sep).join('/');
  const packageName = name.split(sep).join('/');
  return {
    contents: `var __dirname = require("node:path").join(require("node:path").dirname(require.resolve(${JSON.stringify(packageName)})), ${JSON.stringify(fromEntry)});\n${contents}`,
    loader: 'js',
  };
}
