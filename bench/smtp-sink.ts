/**
 * A local SMTP sink in its own process (as a real mail relay is): accepts every message,
 * reads it and throws it away. Started by bench/notifications.ts with `fork`; answers
 * `{ port }` once listening and `{ received }` to each `count` message.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  // A local sink: no reverse DNS of the client (which alone costs ~150 ms a connection here).
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => process.send!({ port: (server.server.address() as AddressInfo).port }));
process.on('message', (message: string) => {
  if (message === 'count') process.send!({ received });
  if (message === 'close') server.close(() => process.exit(0));
});
