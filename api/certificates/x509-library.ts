// @peculiar/x509 with Node's WebCrypto as its provider. It and its
// dependencies add about 18 MiB to a process, so it is loaded when a process
// first parses or makes a certificate, not when it imports the CSR validation.
import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { lazyPackage } from '../lazy-package.js';

export type X509Library = typeof X509;

export const x509 = lazyPackage<X509Library>('@peculiar/x509', (library) => {
  library.cryptoProvider.set(webcrypto as unknown as Parameters<X509Library['cryptoProvider']['set']>[0]);
});
