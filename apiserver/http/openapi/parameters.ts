// The query and path parameters of the resource operations, as upstream names
// them. kubectl checks a PATCH for `fieldValidation` (strict validation on the
// server) and `dryRun` (`--dry-run=server`) before relying on them.
import type { OpenApiParameter, ParameterSchema } from './document-types.js';

const query = (name: string, type: ParameterSchema['type'], description: string): OpenApiParameter => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

const path = (name: string, description: string): OpenApiParameter => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

export const NAME = path('name', 'name of the object');
export const NAMESPACE = path('namespace', 'object name and auth scope, such as for teams and projects');
export const PRETTY = query('pretty', 'string', "If 'true', then the output is pretty printed.");

const DRY_RUN = query('dryRun', 'string', 'When present, indicates that modifications should not be persisted. The only valid value is All.');
const FIELD_MANAGER = query('fieldManager', 'string', 'A name associated with the actor or entity that is making these changes.');
const FIELD_VALIDATION = query(
  'fieldValidation',
  'string',
  'How the server handles unknown or duplicate fields in the request body: Ignore, Warn or Strict.',
);
const FORCE = query('force', 'boolean', 'Force is going to "force" Apply requests. It must be unset for non-apply patch requests.');

export const WRITE_PARAMETERS: readonly OpenApiParameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
export const PATCH_PARAMETERS: readonly OpenApiParameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE];

export const DELETE_PARAMETERS: readonly OpenApiParameter[] = [
  DRY_RUN,
  query('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted.'),
  query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy.'),
  query('propagationPolicy', 'string', "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."),
];

export const LIST_PARAMETERS: readonly OpenApiParameter[] = [
  query('allowWatchBookmarks', 'boolean', 'Requests watch events with type "BOOKMARK".'),
  query('continue', 'string', 'The continue option should be set when retrieving more results from the server.'),
  query('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields.'),
  query('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels.'),
  query('limit', 'integer', 'The maximum number of responses to return for a list call.'),
  query('resourceVersion', 'string', 'Sets a constraint on what resource versions a request may be served from.'),
  query('resourceVersionMatch', 'string', 'Determines how resourceVersion is applied to list calls.'),
  query('sendInitialEvents', 'boolean', 'Starts a watch stream with synthetic events for the current state.'),
  query('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  query('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
];

export const LOG_PARAMETERS: readonly OpenApiParameter[] = [
  query('container', 'string', 'The container for which to stream logs. Defaults to only container if there is one container in the pod.'),
  query('follow', 'boolean', 'Follow the log stream of the pod.'),
  query('limitBytes', 'integer', 'If set, the number of bytes to read from the server before terminating the log output.'),
  query('previous', 'boolean', 'Return previous terminated container logs.'),
  query('sinceSeconds', 'integer', 'A relative time in seconds before the current time from which to show logs.'),
  query('tailLines', 'integer', 'If set, the number of lines from the end of the logs to show.'),
  query('timestamps', 'boolean', 'If true, add an RFC3339 timestamp at the beginning of every line of log output.'),
];

const STREAMS: readonly OpenApiParameter[] = [
  query('container', 'string', 'The container in which to run the command or attach.'),
  query('stderr', 'boolean', 'Redirect the standard error stream of the pod for this call.'),
  query('stdin', 'boolean', 'Redirect the standard input stream of the pod for this call.'),
  query('stdout', 'boolean', 'Redirect the standard output stream of the pod for this call.'),
  query('tty', 'boolean', 'Allocate a terminal for this call.'),
];

export const ATTACH_PARAMETERS: readonly OpenApiParameter[] = STREAMS;
export const EXEC_PARAMETERS: readonly OpenApiParameter[] = [query('command', 'string', 'Command is the remote command to execute. argv array.'), ...STREAMS];
