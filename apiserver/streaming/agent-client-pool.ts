// One gRPC channel per agent address, shared by every relayed stream to it;
// over TLS with the apiserver's kubelet-client certificate when configured.
import { AgentStreamingClient } from '../../client/agent-streaming-client.js';
import type { ApiCredentials } from '../../client/api-credentials.js';

export class AgentClientPool {
  private readonly clients = new Map<string, AgentStreamingClient>();

  constructor(private readonly credentials: ApiCredentials = {}) {}

  get(address: string): AgentStreamingClient {
    let client = this.clients.get(address);
    if (!client) {
      client = new AgentStreamingClient(address, this.credentials);
      this.clients.set(address, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
