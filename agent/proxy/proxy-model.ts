// What the node proxy programs, reduced from Services and EndpointSlices to
// the facts the packet filter needs: one entry per Service port.
export type ProxyProtocol = 'tcp' | 'udp' | 'sctp';

export interface ProxyEndpoint {
  ip: string;
  port: number;
}

export interface ProxyServicePort {
  /** namespace/name:portName, the identity chains are named after. */
  id: string;
  clusterIP: string;
  port: number;
  protocol: ProxyProtocol;
  /** 0 when the Service has no NodePort for this port. */
  nodePort: number;
  /** Ready endpoints, in a stable order. */
  endpoints: ProxyEndpoint[];
  /** Seconds a client keeps its endpoint (sessionAffinity ClientIP); 0: no affinity. */
  affinitySeconds: number;
}
