import { afterAll, expect } from 'vitest';
import { writesDuringReads } from './read-monitor';
import { reportSecondConnections } from './second-connections';

// Runs in every test file: no GET request of the file may have written (see read-monitor.ts).
afterAll(() => {
  const writes = writesDuringReads.splice(0);
  expect(writes, `GET requests wrote to the database:\n${writes.map((w) => `${w.request}: ${w.sql}`).join('\n')}`).toEqual([]);
});

// With DETECT_SECOND_CONNECTIONS=1: the second connections taken inside a transaction so far.
afterAll(() => reportSecondConnections());
