import { canonicalJson, type AuditEntry } from './chain';

/** What a redaction blanks an actor's label with (an erased member's account acted). */
export const REDACTED_LABEL = 'ancien adhérent (effacé)';
/** What a redaction puts in place of a detail's text that named the erased member. */
export const REDACTED_TEXT = '[effacé]';

/** Whom an erasure blanks from the log: their identity as it stood before erasure. Never stored. */
export interface RedactionIdentity {
  userId: number | null;
  memberDocumentId: string;
  email: string | null;
  membershipNumber: string;
  firstName: string;
  lastName: string;
}

const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('fr');

/**
 * The texts that name the member anywhere in the log: address, membership number, full name
 * in both orders (folded to lower case). In entries about the member (their profile is the
 * subject, or their account acted) the last name alone also counts.
 */
export function identityNeedles(identity: RedactionIdentity): { anywhere: string[]; related: string[] } {
  const anywhere = [
    identity.email,
    identity.membershipNumber,
    `${identity.firstName} ${identity.lastName}`,
    `${identity.lastName} ${identity.firstName}`,
  ]
    .filter((n): n is string => !!n && n.trim().length >= 3)
    .map(fold);
  const related = identity.lastName.trim().length >= 2 ? [...anywhere, fold(identity.lastName)] : anywhere;
  return { anywhere, related };
}

/** Is the entry about the member: their profile is its subject, or their account wrote it? */
export function isRelated(entry: Pick<AuditEntry, 'subjectId' | 'actorKind' | 'actorId'>, identity: RedactionIdentity): boolean {
  return entry.subjectId === identity.memberDocumentId || (identity.userId != null && entry.actorKind === 'user' && entry.actorId === identity.userId);
}

function blankStrings(value: unknown, names: (text: string) => boolean): unknown {
  if (typeof value === 'string') return names(value) ? REDACTED_TEXT : value;
  if (Array.isArray(value)) return value.map((v) => blankStrings(v, names));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    let i = 0;
    for (const [k, v] of Object.entries(value)) {
      out[names(k) ? `${REDACTED_TEXT} ${++i}` : k] = blankStrings(v, names);
    }
    return out;
  }
  return value;
}

/**
 * An entry's label and details with every trace of the member blanked (issue 22, erasure):
 * the label of their own account (or any label naming them) becomes « ancien adhérent
 * (effacé) »; each text of the details (values and keys) naming them becomes « [effacé] »,
 * the rest (counts, dates, other ids) stays. Returns null when nothing names them. Pure.
 */
export function redactEntry(
  entry: Pick<AuditEntry, 'actorLabel' | 'details' | 'subjectId' | 'actorKind' | 'actorId'>,
  identity: RedactionIdentity
): { actorLabel: string; details: string } | null {
  const needles = identityNeedles(identity);
  const related = isRelated(entry, identity);
  const list = related ? needles.related : needles.anywhere;
  const names = (text: string) => {
    const folded = fold(text);
    return list.some((n) => folded.includes(n));
  };
  const ownAccount = identity.userId != null && entry.actorKind === 'user' && entry.actorId === identity.userId;
  const actorLabel = ownAccount || names(entry.actorLabel) ? REDACTED_LABEL : entry.actorLabel;
  let details = entry.details;
  if (names(entry.details)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry.details);
    } catch {
      parsed = undefined;
    }
    details = parsed === undefined ? canonicalJson({ redacted: true }) : canonicalJson(blankStrings(parsed, names));
  }
  if (actorLabel === entry.actorLabel && details === entry.details) return null;
  return { actorLabel, details };
}
