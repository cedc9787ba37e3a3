// A package loaded on its first use instead of at start-up. Some packages cost
// a process megabytes of memory for work most processes never do: every
// component imports the CSR validation, but only the controller-manager and a
// rotating agent ever parse a certificate. `require` resolves a package to the
// same CommonJS build that a static import of it resolves to under Node, so a
// process that does both still holds one copy with one state.
import { createRequire } from 'node:module';

const requireFromHere = createRequire(import.meta.url);

/** A function that returns the package, loading it (and running `prepare` once) on the first call. */
export function lazyPackage<T>(specifier: string, prepare?: (loaded: T) => void): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const module = requireFromHere(specifier) as T;
      prepare?.(module);
      loaded = module;
    }
    return loaded;
  };
}
