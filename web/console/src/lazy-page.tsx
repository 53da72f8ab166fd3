import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode, Suspense } from 'react';

/**
 * A screen in its own chunk, loaded when first opened: the console's entry holds the shell
 * (layout, i18n, API client) and each route brings its own code (bench/console-bundle.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: a page takes whatever props its route passes.
export function lazyPage<M extends { [P in K]: ComponentType<any> }, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}

/** For routes outside the signed-in layout (which has its own "loading" fallback). */
export function Loaded({ children }: { children: ReactNode }) {
  return <Suspense fallback={null}>{children}</Suspense>;
}
