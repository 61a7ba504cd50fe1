/**
 * An esbuild plugin for the packages manifest.json "dependencies" lists: the FDK installs them
 * beside server.js and counts only literal `require('<name>')` calls (`no-dependency-mismatch`,
 * docs/platform-rules.md). An `import` of such a package becomes one literal require in the
 * bundle; without this, esbuild's CommonJS interop would load it through its own helpers.
 */
import type { Plugin } from 'esbuild';

const NAMESPACE = 'fdk-dependency';

export function manifestRequires(dependencies: readonly string[]): Plugin {
  const names = new Set(dependencies);
  return {
    name: 'manifest-requires',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (!names.has(args.path)) return undefined;
        return args.namespace === NAMESPACE ? { path: args.path, external: true } : { path: args.path, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        loader: 'js',
        contents: `const loaded = require(${JSON.stringify(args.path)});\nexport default loaded.default || loaded;\n`,
      }));
    },
  };
}
