// Who a caller is before (or without) authentication, as Kubernetes names it.
import type { UserInfo } from '../http/request-context.js';

export const ANONYMOUS_USER: UserInfo = Object.freeze({ name: 'system:anonymous', uid: '', groups: ['system:unauthenticated'] });
