// An nginx pod spec whose index page is the pod's hostname, so a client can
// tell which endpoint a Service sent it to. An init container writes the page
// into an emptyDir that nginx serves.
import type { PodSpec, Probe } from '../../api/types/index.js';
import { TEST_NGINX_IMAGE } from '../processes/agent-process.js';
import { busybox } from './pod-helpers.js';

export const HOSTNAME_NGINX_PORT = 80;
const HTML_DIR = '/usr/share/nginx/html';

/** Ready once nginx answers, checked every second so tests follow readiness quickly. */
export const NGINX_HTTP_READINESS: Probe = { httpGet: { path: '/', port: HOSTNAME_NGINX_PORT }, periodSeconds: 1 };

/** Ready only while `file` exists in the nginx container. */
export function fileReadiness(file: string): Probe {
  return { exec: { command: ['cat', file] }, periodSeconds: 1 };
}

export function hostnameNginxSpec(readinessProbe: Probe = NGINX_HTTP_READINESS, command?: string[]): PodSpec {
  return {
    initContainers: [busybox('index', 'hostname > /html/index.html', { volumeMounts: [{ name: 'html', mountPath: '/html' }] })],
    containers: [
      {
        name: 'nginx',
        image: TEST_NGINX_IMAGE,
        ...(command ? { command } : {}),
        ports: [{ name: 'http', containerPort: HOSTNAME_NGINX_PORT }],
        volumeMounts: [{ name: 'html', mountPath: HTML_DIR }],
        readinessProbe,
      },
    ],
    volumes: [{ name: 'html', emptyDir: {} }],
  };
}
