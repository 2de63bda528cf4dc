import { afterAll, expect } from 'vitest';
import { writesDuringReads } from './read-monitor';

// Runs in every test file: no GET request of the file may have written (see read-monitor.ts).
afterAll(() => {
  const writes = writesDuringReads.splice(0);
  expect(writes, `GET requests wrote to the database:\n${writes.map((w) => `${w.request}: ${w.sql}`).join('\n')}`).toEqual([]);
});
