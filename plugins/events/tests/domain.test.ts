import { describe, expect, it } from 'vitest';
import { parisInstant, parisLocal, parisTimeExists, parisTimeRepeated } from '../server/src/domain/paris-time';
import { monthsBefore, noticeOf, repeatsHost, totalsPerFederation } from '../server/src/domain/summer-university';
import { checkInOpen, invites, KINDS, ofTheKind, provenanceOf, seatsLeft, theKind } from '../server/src/domain/events';
import { eventPhrase } from '../server/src/commands/mail';
import { eventsPermissions, manages } from '../server/src/permissions';

/** Pure rules of the events plugin: Paris time, notice, rotation, totals, who is invited and who organises. */
describe('Paris wall-clock time', () => {
  it('winter and summer offsets, and back', () => {
    expect(parisInstant('2026-01-15T19:00').toISOString()).toBe('2026-01-15T18:00:00.000Z');
    expect(parisInstant('2026-07-15T19:00').toISOString()).toBe('2026-07-15T17:00:00.000Z');
    expect(parisLocal('2026-07-15T17:00:00.000Z')).toBe('2026-07-15T19:00');
    // The night of the spring change: 02:30 does not exist, it becomes 03:30.
    expect(parisLocal(parisInstant('2026-03-29T02:30'))).toBe('2026-03-29T03:30');
    // … which is why it is refused at the door of the API: it does not exist.
    expect(parisTimeExists('2027-03-28T02:30')).toBe(false);
    expect(parisTimeExists('2027-03-28T02:00')).toBe(false);
    expect(parisTimeExists('2027-03-28T01:59')).toBe(true);
    expect(parisTimeExists('2027-03-28T03:00')).toBe(true);
    expect(parisTimeExists('2027-10-31T02:30')).toBe(true); // the autumn change repeats an hour: it exists, twice
    expect(parisTimeExists('2027-01-15T19:00')).toBe(true);
  });

  it('the hour the autumn change repeats is told apart (and refused at the API), the hours around it are not', () => {
    // 31 October 2027: 03:00 summer time becomes 02:00 winter time at 01:00 UTC, so 02:00–02:59 happen twice.
    expect(parisLocal('2027-10-31T00:30:00.000Z')).toBe('2027-10-31T02:30');
    expect(parisLocal('2027-10-31T01:30:00.000Z')).toBe('2027-10-31T02:30');
    expect(parisTimeRepeated('2027-10-31T02:30')).toBe(true);
    expect(parisTimeRepeated('2027-10-31T02:00')).toBe(true);
    expect(parisTimeRepeated('2027-10-31T02:59')).toBe(true);
    expect(parisTimeRepeated('2027-10-31T01:59')).toBe(false);
    expect(parisTimeRepeated('2027-10-31T03:00')).toBe(false);
    expect(parisTimeRepeated('2026-10-25T02:30')).toBe(true); // last Sunday of October 2026
    expect(parisTimeRepeated('2027-10-24T02:30')).toBe(false); // a week before: once
    expect(parisTimeRepeated('2027-03-28T02:30')).toBe(false); // the spring gap: never, not twice
    expect(parisTimeRepeated('2027-07-14T19:00')).toBe(false);
    expect(parisTimeRepeated('2027-01-15T19:00')).toBe(false);
  });
});

describe('check-in window', () => {
  it('opens at midnight of the event’s Paris day, not before; stays open after', () => {
    const starts = parisInstant('2027-06-10T19:00');
    expect(checkInOpen(starts, parisInstant('2027-05-10T19:00'))).toBe(false); // a month before
    expect(checkInOpen(starts, parisInstant('2027-06-09T23:59'))).toBe(false); // the evening before, Paris
    expect(checkInOpen(starts, parisInstant('2027-06-10T00:00'))).toBe(true); // 22:00 UTC the day before
    expect(checkInOpen(starts, parisInstant('2027-06-10T18:00'))).toBe(true);
    expect(checkInOpen(starts, parisInstant('2027-06-11T01:00'))).toBe(true);
  });
});

describe('the summer university', () => {
  it('N months before (month ends kept), late notice, rotation, totals', () => {
    expect(monthsBefore('2027-08-25', 6)).toBe('2027-02-25');
    expect(monthsBefore('2027-08-31', 6)).toBe('2027-02-28');
    expect(noticeOf('2027-08-25', '2027-02-25', 6)).toEqual({ deadline: '2027-02-25', late: false });
    expect(noticeOf('2027-08-25', '2027-02-26', 6).late).toBe(true);
    expect(repeatsHost([{ year: 2025, hostRegion: 'Bretagne' }, { year: 2026, hostRegion: 'Occitanie' }], ' occitanie ')).toBe(2026);
    expect(repeatsHost([{ year: 2025, hostRegion: 'Occitanie' }, { year: 2026, hostRegion: 'Bretagne' }], 'Occitanie')).toBeNull();
    const totals = totalsPerFederation([
      { federation: 'Gard (30)', transportMode: 'car', departure: 'Nîmes', seats: 4, lodging: 'shared' },
      { federation: 'Gard (30)', transportMode: 'train', departure: 'Alès', seats: 0, lodging: 'single' },
      { federation: 'Aude (11)', transportMode: 'bus', departure: 'Carcassonne', seats: 50, lodging: 'none' },
    ]);
    expect(totals.map((t) => t.federation)).toEqual(['Aude (11)', 'Gard (30)']);
    expect(totals[1]).toMatchObject({ delegates: 2, seats: 4, departures: { Nîmes: 1, Alès: 1 }, transport: { car: 1, train: 1 } });
  });
});

describe('events', () => {
  const actor = (role: any, federationId: number | null, sectionId: number | null) => ({ userId: 1, label: 'x', role, memberId: 1, memberDocumentId: 'm', federationId, sectionId, status: 'active' as const });
  it('who is invited, who organises, seats, provenance', () => {
    expect(invites({ organiserLevel: 'section', federationId: 1, sectionId: 10 }, { federationId: 1, sectionId: 10 })).toBe(true);
    expect(invites({ organiserLevel: 'section', federationId: 1, sectionId: 10 }, { federationId: 1, sectionId: 11 })).toBe(false);
    expect(invites({ organiserLevel: 'federation', federationId: 1, sectionId: null }, { federationId: 2, sectionId: 20 })).toBe(false);
    expect(invites({ organiserLevel: 'national', federationId: null, sectionId: null }, { federationId: 2, sectionId: null })).toBe(true);
    expect(manages(actor('section-secretary', 1, 10), 'section', { federationId: 1, sectionId: 10 })).toBe(true);
    expect(manages(actor('section-secretary', 1, 10), 'federation', { federationId: 1, sectionId: null })).toBe(false);
    expect(manages(actor('federation-staff', 1, 10), 'section', { federationId: 1, sectionId: 12 })).toBe(true);
    expect(manages(actor('federation-staff', 1, 10), 'national', { federationId: null, sectionId: null })).toBe(false);
    expect(manages(actor('national-admin', null, null), 'national', { federationId: null, sectionId: null })).toBe(true);
    expect(manages(actor('member', 1, 10), 'section', { federationId: 1, sectionId: 10 })).toBe(false);
    expect(eventsPermissions.table['su.manage']).toEqual({ 'national-admin': 'all' });
    expect(seatsLeft(null, 5)).toBeNull();
    expect(seatsLeft(3, 5)).toBe(0);
    expect(provenanceOf('cafe-debat', '12 mars 2026', 'Section Nîmes')).toBe('Issu du café-débat du 12 mars 2026 (Section Nîmes)');
  });
});

describe('the French article of each kind of event', () => {
  it('« le », « la » or « l’ » as the kind asks, contracted after « de »', () => {
    // Every kind has its article (a new kind without one would read « undefined »).
    for (const kind of KINDS) expect(theKind(kind)).toMatch(/^(le |la |l’)\S/);
    expect(theKind('cafe-debat')).toBe('le café-débat');
    expect(theKind('reunion-publique')).toBe('la réunion publique');
    expect(theKind('formation')).toBe('la formation en présentiel');
    expect(theKind('universite-ete')).toBe('l’université d’été');
    expect(theKind('action-terrain')).toBe('l’action de terrain');
    expect(ofTheKind('debat')).toBe('du débat');
    expect(ofTheKind('reunion-publique')).toBe('de la réunion publique');
    expect(ofTheKind('universite-ete')).toBe('de l’université d’été');
    expect(provenanceOf('reunion-publique', '3 avril 2026', null)).toBe('Issu de la réunion publique du 3 avril 2026');
  });

  it('the letters name the event with its article', () => {
    // 17:00 UTC on 15 July is 19 h 00 in Paris (summer time).
    const at = '2026-07-15T17:00:00.000Z';
    expect(eventPhrase({ kind: 'reunion-publique', title: 'Les transports', startsAt: at })).toMatch(/^la réunion publique « Les transports » du 15 juillet 2026 à 19/);
    expect(eventPhrase({ kind: 'cafe-debat', title: 'L’eau', startsAt: at })).toMatch(/^le café-débat « L’eau » du 15 juillet 2026 à 19/);
    expect(eventPhrase({ kind: 'action-terrain', title: 'Marché', startsAt: at })).toMatch(/^l’action de terrain « Marché » du/);
  });
});
