// `kubectl get cronjobs`: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (+ CONTAINERS IMAGES SELECTOR).
import type { CronJob } from '../types/batch.js';
import type { KubeObject } from '../types/meta.js';
import { containerCells, NONE } from './cells.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN } from './deployment.js';
import { timestampSince } from './duration.js';
import { formatLabelSelector } from '../labels/label-selector.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

/** kubectl's printBoolPtr. */
function boolCell(value: boolean | undefined): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

export const cronJobTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Schedule', priority: 0, description: 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.' },
    { name: 'Timezone', priority: 0, description: 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.' },
    { name: 'Suspend', priority: 0, description: 'This flag tells the controller to suspend subsequent executions.' },
    { name: 'Active', priority: 0, description: 'A list of pointers to currently running jobs.' },
    { name: 'Last Schedule', priority: 0, description: 'Information when was the last time the job was successfully scheduled.' },
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const cj = obj as CronJob;
    const { names, images } = containerCells(cj.spec?.jobTemplate?.spec?.template?.spec?.containers);
    const last = cj.status?.lastScheduleTime;
    return [
      cj.metadata.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? NONE,
      boolCell(cj.spec?.suspend),
      String(cj.status?.active?.length ?? 0),
      last ? timestampSince(last, now) : NONE,
      timestampSince(cj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
    ];
  },
};
