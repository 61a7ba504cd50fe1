/**
 * `require` inside the sandbox: only the npm packages named in manifest.json "dependencies"
 * (the FDK installs exactly those), resolved from the app's server/ folder and then from this
 * repository's node_modules. Anything else throws, as an undeclared dependency fails on the
 * platform. A version other than the manifest's exact one is reported once in the log.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function installedVersion(resolvedMain: string, name: string): string | undefined {
  let folder = dirname(resolvedMain);
  for (let depth = 0; depth < 6; depth += 1) {
    try {
      const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version;
    } catch {
      // no package.json here: look one folder up
    }
    folder = dirname(folder);
  }
  return undefined;
}

export function createSandboxRequire(root: string, dependencies: Readonly<Record<string, string>>, warn: (text: string) => void): (name: string) => unknown {
  const fromApp = createRequire(join(root, 'server', 'server.js'));
  const fromRepo = createRequire(import.meta.url);
  const checked = new Set<string>();
  const resolve = (name: string): string => {
    try {
      return fromApp.resolve(name);
    } catch {
      return fromRepo.resolve(name);
    }
  };
  return (name: string): unknown => {
    if (typeof name !== 'string' || !Object.hasOwn(dependencies, name)) {
      throw new Error(`Cannot find module '${String(name)}': only packages listed in manifest.json "dependencies" can be required`);
    }
    const file = resolve(name);
    if (!checked.has(name)) {
      checked.add(name);
      const version = installedVersion(file, name);
      if (version !== dependencies[name]) warn(`require('${name}'): manifest.json pins ${dependencies[name]}, the local copy is ${version ?? 'unknown'}`);
    }
    return fromApp(file);
  };
}
