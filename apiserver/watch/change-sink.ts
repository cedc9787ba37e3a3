// What a watch session receives from wherever its changes come from (the
// shared hub or its own etcd watch).
import type { ApiError } from '../../api/errors.js';
import type { ObjectChange } from './object-change.js';

export interface ChangeSink {
  deliver(change: ObjectChange): void;
  /** The source is over: with an error the watcher must hear about, or quietly at shutdown. */
  end(err?: ApiError): void;
}

export interface ChangeSource {
  /** Every change up to this revision has been delivered to the sinks. */
  currentRevision(): number;
}
