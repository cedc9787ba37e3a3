// One gRPC channel per agent address, shared by every relayed stream to it;
// over TLS with the apiserver's kubelet-client certificate when configured.
import { AgentStreamingClient, type AgentClientTls } from '../../client/agent-streaming-client.js';

export class AgentClientPool {
  private readonly clients = new Map<string, AgentStreamingClient>();

  constructor(private readonly tls?: AgentClientTls) {}

  get(address: string): AgentStreamingClient {
    let client = this.clients.get(address);
    if (!client) {
      client = new AgentStreamingClient(address, this.tls);
      this.clients.set(address, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
