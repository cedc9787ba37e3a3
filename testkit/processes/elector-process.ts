// A leader-election candidate in its own process, so a test can SIGKILL a
// leader the way a crash would: no release, no goodbye. Prints LEADING once it leads.
// Usage: node elector-process.js <server> <lease-name> <identity> <leaseSeconds> <renewDeadlineMs> <retryPeriodMs>
import { ApiClient } from '../../client/api-client.js';
import { LeaderElector } from '../../client/leader-election.js';

const [server, name, identity, leaseSeconds, renewDeadlineMs, retryPeriodMs] = process.argv.slice(2);
if (!server || !name || !identity) {
  process.stderr.write('usage: elector-process <server> <lease-name> <identity> <leaseSeconds> <renewDeadlineMs> <retryPeriodMs>\n');
  process.exit(2);
}
const client = new ApiClient(server);
const elector = new LeaderElector(client, {
  name,
  identity,
  leaseDurationSeconds: Number(leaseSeconds),
  renewDeadlineMs: Number(renewDeadlineMs),
  retryPeriodMs: Number(retryPeriodMs),
  callbacks: {
    onStartedLeading: () => process.stdout.write('LEADING\n'),
    onStoppedLeading: () => process.stdout.write('STOPPED\n'),
  },
});
process.on('SIGTERM', () => {
  void elector.stop().then(() => {
    client.close();
    process.exit(0);
  });
});
void elector.run();
