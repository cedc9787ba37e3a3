// The authorizer: system:masters may do everything (as kube-apiserver's
// privileged group, with no RBAC objects needed); everyone else gets what some
// rule of some role bound to them allows, and nothing else.
import { ALLOW, NO_OPINION, SYSTEM_MASTERS, type Attributes, type Authorizer, type Decision } from './attributes.js';
import { ruleAllows } from './rule-match.js';
import type { RuleResolver } from './rule-resolver.js';

export class RbacAuthorizer implements Authorizer {
  constructor(private readonly resolver: RuleResolver) {}

  authorize(attrs: Attributes): Decision {
    if (attrs.user.groups.includes(SYSTEM_MASTERS)) return ALLOW;
    const namespace = attrs.kind === 'resource' ? attrs.namespace : '';
    const allowed = this.resolver.visit(attrs.user, namespace, (rules) => rules.some((rule) => ruleAllows(rule, attrs)));
    return allowed ? ALLOW : NO_OPINION;
  }
}
