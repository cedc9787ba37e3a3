// The user a request runs for, carried through the registry's async calls
// without widening every registry signature: the HTTP API runs each request
// inside `runAs`, and checks deep in a write (escalation) read it back.
// Writes with no user here come from the apiserver itself or from gRPC,
// which has no authentication yet and so nobody to hold to a role.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { UserInfo } from './attributes.js';

const current = new AsyncLocalStorage<UserInfo>();

export function runAs<T>(user: UserInfo, work: () => Promise<T>): Promise<T> {
  return current.run(user, work);
}

export function requestUser(): UserInfo | undefined {
  return current.getStore();
}
