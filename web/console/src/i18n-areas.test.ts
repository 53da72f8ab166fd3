import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The console's messages are split: i18n.ts holds the shell's (sign-in, header, navigation,
// errors) and each i18n-<area>.ts registers its own when its module is first evaluated, so a
// screen's messages travel in the screen's chunk. A module that names a key of an area must
// therefore import that area, directly or through the modules it imports statically; otherwise
// the screen would show the raw key. This test reads the sources and checks exactly that.

const root = path.dirname(new URL(import.meta.url).pathname);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const files = sources(root);
const text = new Map(files.map((file) => [file, fs.readFileSync(file, 'utf8')]));
const areaFiles = files.filter((file) => /\/i18n-[\w-]+\.ts$/.test(file));
const keyPattern = /^\s*'([\w-]+(?:\.[\w-]+)+)':/gm;

/** Area file of each key (i18n.ts itself: the shell, always loaded). */
const areaOfKey = new Map<string, string>();
for (const file of [path.join(root, 'i18n.ts'), ...areaFiles])
  for (const [, key] of (text.get(file) ?? '').matchAll(keyPattern)) if (key) areaOfKey.set(key, file);

/** Prefixes a shared component takes from its callers (which name them, and load their areas). */
const NAMED_BY_CALLERS: Record<string, string[]> = {
  'components/load-state.tsx': ['content.list'],
  'components/revision-parts.tsx': ['content.rev', 'rally.rev'],
};

/** The areas a module names keys of: exact keys, and prefixes that keys are built from. */
function areasNamed(source: string, skip: readonly string[] = []): Set<string> {
  const areas = new Set<string>();
  const literals = [
    ...[...source.matchAll(/['"]([\w-]+(?:\.[\w-]+)+)['"]/g)].map((m) => m[1] ?? ''),
    ...[...source.matchAll(/`([\w-]+(?:\.[\w-]+)*)\.\$\{/g)].map((m) => m[1] ?? ''),
    ...[...source.matchAll(/`([\w-]+(?:\.[\w-]+)+)`/g)].map((m) => m[1] ?? ''),
  ];
  for (const literal of literals) {
    if (skip.includes(literal)) continue;
    const exact = areaOfKey.get(literal);
    if (exact) areas.add(exact);
    else
      for (const [key, area] of areaOfKey)
        if (key.startsWith(`${literal}.`) || key.startsWith(`${literal}-`)) areas.add(area);
  }
  return areas;
}

function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => text.has(f));
}

/** Modules imported for their values (evaluated with this one), not `import type`. */
function staticImports(file: string): string[] {
  const source = text.get(file) ?? '';
  const found: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+([^;]*?)\s*from\s+'(\.[^']+)'/gm)) {
    const clause = m[1] ?? '';
    if (/^type\b/.test(clause)) continue;
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    const onlyTypes =
      names !== undefined &&
      !/^[\w$]+\s*,/.test(clause) &&
      names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith('type '));
    if (onlyTypes) continue;
    const target = resolve(file, m[2] ?? '');
    if (target) found.push(target);
  }
  for (const m of source.matchAll(/^import\s+'(\.[^']+)'/gm)) {
    const target = resolve(file, m[1] ?? '');
    if (target) found.push(target);
  }
  return found;
}

const closures = new Map<string, Set<string>>();
function closure(file: string): Set<string> {
  const known = closures.get(file);
  if (known) return known;
  const seen = new Set<string>([file]);
  const stack = [file];
  while (stack.length > 0) {
    for (const next of staticImports(stack.pop() as string))
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
  }
  closures.set(file, seen);
  return seen;
}

describe('message areas', () => {
  it('every module that names an area key loads that area with itself', () => {
    const missing: string[] = [];
    for (const file of files) {
      if (file.endsWith('/i18n.ts') || areaFiles.includes(file)) continue;
      const loaded = closure(file);
      const skip = NAMED_BY_CALLERS[path.relative(root, file)];
      for (const area of areasNamed(text.get(file) ?? '', skip))
        if (!area.endsWith('/i18n.ts') && !loaded.has(area))
          missing.push(`${path.relative(root, file)} → ${path.relative(root, area)}`);
    }
    expect(missing).toEqual([]);
  });

  it('the shell (entry, layouts, routers) loads no area', () => {
    const shell = ['main.tsx', 'router.tsx', 'ops/router.tsx'].map((f) => path.join(root, f));
    const loaded = new Set(shell.flatMap((f) => [...closure(f)]));
    expect(areaFiles.filter((area) => loaded.has(area)).map((area) => path.relative(root, area))).toEqual([]);
  });

  it('finds the keys of every area', () => {
    expect(areaFiles.length).toBeGreaterThan(10);
    for (const area of areaFiles) expect([...areaOfKey.values()]).toContain(area);
  });
});
