// The HTTP face of the self reviews: POST to
// /apis/authorization.k8s.io/v1/selfsubject{access,rules}reviews, JSON or
// protobuf (kubectl sends protobuf), answered 201 with the review and its status.
import { badRequest, methodNotAllowed } from '../../api/errors.js';
import { parseJson } from '../registry/request-body.js';
import { decodeBody } from '../http/decode-body.js';
import type { DiscoverableResource } from '../http/discovery/index.js';
import { sendJson } from '../http/http-reply.js';
import { readBodyBytes } from '../http/read-body.js';
import type { RouteHandler } from '../http/request-context.js';
import type { JsonRecord } from '../../api/validation/values.js';
import { AUTHORIZATION_GROUP, AUTHORIZATION_VERSION, selfSubjectAccessReview, selfSubjectRulesReview } from './access-reviews.js';
import type { Authorizer } from './attributes.js';
import type { RuleResolver } from './rule-resolver.js';

const PREFIX = `/apis/${AUTHORIZATION_GROUP}/${AUTHORIZATION_VERSION}/`;

const REVIEW: DiscoverableResource = {
  group: AUTHORIZATION_GROUP,
  version: AUTHORIZATION_VERSION,
  kind: 'SelfSubjectAccessReview',
  plural: 'selfsubjectaccessreviews',
  singular: '',
  shortNames: [],
  categories: [],
  namespaced: false,
  subresources: { status: false },
  verbs: ['create'],
};

/** The two reviews as discovery lists them: cluster-scoped, create only. */
export const REVIEW_RESOURCES: readonly DiscoverableResource[] = [
  REVIEW,
  { ...REVIEW, kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews' },
];

export function reviewRoutes(authorizer: Authorizer, resolver: RuleResolver): RouteHandler {
  return async (ctx) => {
    if (!ctx.url.pathname.startsWith(PREFIX)) return false;
    const resource = REVIEW_RESOURCES.find((r) => ctx.url.pathname === `${PREFIX}${r.plural}`);
    if (!resource) return false;
    if (ctx.req.method !== 'POST') throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    const json = decodeBody(ctx.req.headers['content-type'], await readBodyBytes(ctx.req), resource);
    const body = parseJson(json, resource.kind);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(`the ${resource.kind} must be a JSON object`);
    const review = body as JsonRecord;
    const answer =
      resource.kind === 'SelfSubjectAccessReview'
        ? selfSubjectAccessReview(review, ctx.user, authorizer)
        : selfSubjectRulesReview(review, ctx.user, resolver);
    sendJson(ctx.res, 201, answer);
    return true;
  };
}
