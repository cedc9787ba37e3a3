// autoscaling/v1 HorizontalPodAutoscaler: served beside the stored
// autoscaling/v2 (kubectl before 1.33 creates HPAs in v1), converted by
// ./hpa-v1-conversion.ts.
import { AUTOSCALING_V1 } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import type { ServedVersion } from './kind-definition.js';
import { hpaFromV1, hpaToV1 } from './hpa-v1-conversion.js';

const SCHEMA = kindSchema(`${AUTOSCALING_V1}HorizontalPodAutoscaler`);

export const horizontalPodAutoscalerV1: ServedVersion = {
  version: 'v1',
  fromStored: hpaToV1,
  toStored: hpaFromV1,
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
