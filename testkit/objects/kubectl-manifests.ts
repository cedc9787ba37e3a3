// Manifests the kubectl e2e tests hand to kubectl as files, written as people write them.

/**
 * A two-replica nginx Deployment "web" on the offline image, with a container port (a list-map
 * keyed by port and protocol), named when a Service targets it by name.
 */
export function webDeploymentYaml(portName?: string): string {
  const port = portName ? `{name: ${portName}, containerPort: 80}` : 'containerPort: 80';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: flotilla/nginx:1.22
        ports:
        - ${port}
`;
}

export const WEB_DEPLOYMENT_YAML = webDeploymentYaml();
