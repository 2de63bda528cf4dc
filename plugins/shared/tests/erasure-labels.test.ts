import { describe, expect, it } from 'vitest';
import { formerMemberLabel } from '../src/erasure';

describe('formerMemberLabel', () => {
  it('keeps the role a member’s label ends with', () => {
    expect(formerMemberLabel('Sophie Bonnet <equipe@gard.example> (Équipe fédérale)')).toBe('Ancien adhérent (Équipe fédérale)');
    expect(formerMemberLabel('Sophie Bonnet (Secrétaire de section)')).toBe('Ancien adhérent (Secrétaire de section)');
  });

  it('keeps the role an account without a member profile is named by', () => {
    expect(formerMemberLabel('Administration nationale <admin@parti.example>')).toBe('Ancien adhérent (Administration nationale)');
  });

  it('says « Ancien adhérent » alone when the label names no role, never keeping a name', () => {
    expect(formerMemberLabel('Sophie Bonnet')).toBe('Ancien adhérent');
    expect(formerMemberLabel('Sophie Bonnet <sophie@exemple.fr>')).toBe('Ancien adhérent');
    expect(formerMemberLabel('<admin@parti.example>')).toBe('Ancien adhérent');
    expect(formerMemberLabel(null)).toBe('Ancien adhérent');
  });
});
