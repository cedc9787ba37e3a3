// The protobuf messages of core/v1 ResourceQuota and LimitRange (see
// wire-messages.ts for the notation), from k8s.io/api's generated.proto.

export const QUOTA_MESSAGES: Readonly<Record<string, string>> = {
  ResourceQuota: 'metadata=1:meta.ObjectMeta spec=2:ResourceQuotaSpec status=3:ResourceQuotaStatus',
  ResourceQuotaSpec: 'hard=1:resource.Quantity{} scopes=2[] scopeSelector=3:ScopeSelector',
  ResourceQuotaStatus: 'hard=1:resource.Quantity{} used=2:resource.Quantity{}',
  ScopeSelector: 'matchExpressions=1:ScopedResourceSelectorRequirement[]',
  ScopedResourceSelectorRequirement: 'scopeName=1? operator=2? values=3[]',
  LimitRange: 'metadata=1:meta.ObjectMeta spec=2:LimitRangeSpec',
  LimitRangeSpec: 'limits=1:LimitRangeItem[]',
  LimitRangeItem: [
    'type=1? max=2:resource.Quantity{} min=3:resource.Quantity{} default=4:resource.Quantity{}',
    'defaultRequest=5:resource.Quantity{} maxLimitRequestRatio=6:resource.Quantity{}',
  ].join(' '),
};
