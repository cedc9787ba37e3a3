// Label and field selectors from a request, parsed once; parse failures are BadRequest.
import { badRequest, isApiError } from '../../api/errors.js';
import { parseFieldSelector } from '../../api/fields/field-selector.js';
import { parseLabelSelector } from '../../api/labels/label-selector.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { WatchFilter } from '../watch/watch-filter.js';
import { assertKeySegment } from './request-body.js';

function asBadRequest(what: string, err: unknown): Error {
  if (isApiError(err)) return err;
  return badRequest(`unable to parse ${what}: ${err instanceof Error ? err.message : String(err)}`);
}

export function buildFilter(info: ResourceInfo, namespace: string, labelSelector: string, fieldSelector: string): WatchFilter {
  if (info.namespaced && namespace) assertKeySegment(namespace, 'namespace');
  const filter: WatchFilter = { info, namespace: info.namespaced ? namespace : '' };
  if (labelSelector.trim()) {
    try {
      filter.labels = parseLabelSelector(labelSelector);
    } catch (err) {
      throw asBadRequest(`label selector "${labelSelector}"`, err);
    }
  }
  if (fieldSelector.trim()) {
    try {
      filter.fields = parseFieldSelector(fieldSelector, info);
    } catch (err) {
      throw asBadRequest(`field selector "${fieldSelector}"`, err);
    }
  }
  return filter;
}
