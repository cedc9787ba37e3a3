// The strategic-merge-patch directives: keys that steer the merge and never
// end up in the patched object.

/** `$patch: replace | delete | merge` on a map, or as an element of a list. */
export const PATCH_DIRECTIVE = '$patch';
export const PATCH_DIRECTIVE_VALUES = ['replace', 'delete', 'merge'] as const;
export type PatchDirectiveValue = (typeof PATCH_DIRECTIVE_VALUES)[number];

/** `$retainKeys: [...]`: members of the map not named here are cleared. */
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';

/** `$setElementOrder/<field>: [...]`: the order of the merged list `<field>`. */
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder/';

/** `$deleteFromPrimitiveList/<field>: [...]`: values removed from the primitive list `<field>`. */
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList/';

export function isDirectiveKey(key: string): boolean {
  return key.startsWith('$');
}
