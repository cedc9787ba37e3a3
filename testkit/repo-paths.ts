// Where the repository's scripts are, seen from the compiled testkit: testkit
// compiles to <repo>/dist/testkit/, and the scripts stay in <repo>/deploy/.
import { fileURLToPath } from 'node:url';

/** The repository's root folder (two levels above dist/testkit/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Issues the CA, the apiserver's serving certificate and the tokens (deploy/pki.sh). */
export const PKI_SCRIPT = fileURLToPath(new URL('../../deploy/pki.sh', import.meta.url));
/** Renders a kubeconfig exactly as deploy/up.sh does. */
export const WRITE_KUBECONFIG_SCRIPT = fileURLToPath(new URL('../../deploy/write-kubeconfig.mjs', import.meta.url));
/** The default StorageClass a new cluster starts with (deploy/up.sh applies it once). */
export const DEFAULT_STORAGE_CLASS_MANIFEST = fileURLToPath(new URL('../../deploy/manifests/storage-class.yaml', import.meta.url));
/** Finds the control plane's allocator exactly as deploy/up.sh does (control_plane_malloc). */
export const MALLOC_SCRIPT = fileURLToPath(new URL('../../deploy/malloc.sh', import.meta.url));
