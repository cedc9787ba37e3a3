// The protobuf messages of rbac.authorization.k8s.io/v1, of the
// authorization.k8s.io/v1 reviews kubectl auth can-i sends and of the
// authentication.k8s.io/v1 TokenRequest kubectl create token sends, and of
// certificates.k8s.io/v1 CertificateSigningRequest (see
// wire-messages.ts for the notation), from k8s.io/api's generated.proto.

/** rbac.authorization.k8s.io/v1. */
export const RBAC_MESSAGES: Readonly<Record<string, string>> = {
  PolicyRule: 'verbs=1[] apiGroups=2[] resources=3[] resourceNames=4[] nonResourceURLs=5[]',
  AggregationRule: 'clusterRoleSelectors=1:meta.LabelSelector[]',
  Role: 'metadata=1:meta.ObjectMeta rules=2:PolicyRule[]',
  ClusterRole: 'metadata=1:meta.ObjectMeta rules=2:PolicyRule[] aggregationRule=3:AggregationRule',
  RoleRef: 'apiGroup=1? kind=2? name=3?',
  Subject: 'kind=1? apiGroup=2 name=3? namespace=4',
  RoleBinding: 'metadata=1:meta.ObjectMeta subjects=2:Subject[] roleRef=3:RoleRef',
  ClusterRoleBinding: 'metadata=1:meta.ObjectMeta subjects=2:Subject[] roleRef=3:RoleRef',
};

/** authorization.k8s.io/v1: the self reviews. */
export const AUTHORIZATION_MESSAGES: Readonly<Record<string, string>> = {
  SelfSubjectAccessReview: 'metadata=1:meta.ObjectMeta spec=2:SelfSubjectAccessReviewSpec status=3:SubjectAccessReviewStatus',
  SelfSubjectAccessReviewSpec: 'resourceAttributes=1:ResourceAttributes nonResourceAttributes=2:NonResourceAttributes',
  ResourceAttributes: [
    'namespace=1 verb=2 group=3 version=4 resource=5 subresource=6 name=7',
    'fieldSelector=8:FieldSelectorAttributes labelSelector=9:LabelSelectorAttributes',
  ].join(' '),
  FieldSelectorAttributes: 'rawSelector=1 requirements=2:meta.FieldSelectorRequirement[]',
  LabelSelectorAttributes: 'rawSelector=1 requirements=2:meta.LabelSelectorRequirement[]',
  NonResourceAttributes: 'path=1 verb=2',
  SubjectAccessReviewStatus: 'allowed=1:bool? denied=4:bool reason=2 evaluationError=3',
  SelfSubjectRulesReview: 'metadata=1:meta.ObjectMeta spec=2:SelfSubjectRulesReviewSpec status=3:SubjectRulesReviewStatus',
  SelfSubjectRulesReviewSpec: 'namespace=1',
  SubjectRulesReviewStatus: 'resourceRules=1:ResourceRule[] nonResourceRules=2:NonResourceRule[] incomplete=3:bool? evaluationError=4',
  ResourceRule: 'verbs=1[] apiGroups=2[] resources=3[] resourceNames=4[]',
  NonResourceRule: 'verbs=1[] nonResourceURLs=2[]',
};

/** authentication.k8s.io/v1: the body of serviceaccounts/token. */
export const AUTHENTICATION_MESSAGES: Readonly<Record<string, string>> = {
  TokenRequest: 'metadata=1:meta.ObjectMeta spec=2:TokenRequestSpec status=3:TokenRequestStatus',
  TokenRequestSpec: 'audiences=1[] expirationSeconds=4:int64 boundObjectRef=3:BoundObjectReference',
  BoundObjectReference: 'kind=1 apiVersion=2 name=3 uid=4',
  TokenRequestStatus: 'token=1? expirationTimestamp=2:meta.Time',
};

/** certificates.k8s.io/v1. */
export const CERTIFICATES_MESSAGES: Readonly<Record<string, string>> = {
  CertificateSigningRequest: 'metadata=1:meta.ObjectMeta spec=2:CertificateSigningRequestSpec status=3:CertificateSigningRequestStatus',
  CertificateSigningRequestSpec: 'request=1:bytes signerName=7 expirationSeconds=8:int32? usages=5[] username=2 uid=3 groups=4[] extra=6:ExtraValue{}',
  ExtraValue: 'items=1[]',
  CertificateSigningRequestStatus: 'conditions=1:CertificateSigningRequestCondition[] certificate=2:bytes',
  CertificateSigningRequestCondition: 'type=1 status=6 reason=2 message=3 lastUpdateTime=4:meta.Time lastTransitionTime=5:meta.Time',
};
