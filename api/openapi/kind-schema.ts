// A kind's schema handle: its root component in the one table Flotilla publishes.
import { COMPONENTS } from './components/index.js';
import type { PatchSchema } from '../patch/patch-schema.js';
import { patchSchemaFromOpenApi } from './patch-schema-from-openapi.js';
import type { KindSchema } from './schema.js';

export function kindSchema(root: string): KindSchema {
  // Checked here so a misspelt root fails when the kind module loads, not on the first request.
  if (!Object.prototype.hasOwnProperty.call(COMPONENTS, root)) throw new Error(`no component ${root}`);
  return Object.freeze({ root, components: COMPONENTS });
}

/** The kind's strategic-merge metadata, read off its schema's patch extensions. */
export function kindPatchSchema(schema: KindSchema): PatchSchema {
  return patchSchemaFromOpenApi(schema.root, schema.components);
}
