// The validating admission phase: after defaults and validation, before the
// write, every plugin sees the request with its user and may refuse it. Writes
// the apiserver makes on its own behalf (no user in the request context) are
// not admitted: the plugins restrict callers, not the server.
import { requestUser } from '../../authorization/request-user.js';
import type { RegistryContext } from '../context.js';
import type { AdmissionRequest } from './attributes.js';

export async function admitValidating(ctx: RegistryContext, request: AdmissionRequest): Promise<void> {
  const plugins = ctx.validatingAdmission ?? [];
  if (plugins.length === 0) return;
  const user = requestUser();
  if (!user) return;
  for (const plugin of plugins) await plugin(ctx, { ...request, user });
}
