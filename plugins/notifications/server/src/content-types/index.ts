/**
 * A member's invitation: one row per member, holding the current link's code **hashed**
 * (SHA-256; the code itself only ever travels in the email), when it expires, and whether
 * the account was activated. A resend replaces the code, so earlier links stop working.
 * Members and accounts are referred to by id (membership's tables are its own).
 */
const schema = {
  kind: 'collectionType',
  collectionName: 'notifications_invitations',
  info: {
    singularName: 'invitation',
    pluralName: 'invitations',
    displayName: 'Invitation',
    description: 'Le lien d’activation du compte d’un adhérent.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    memberId: { type: 'integer', required: true },
    userId: { type: 'integer', required: true },
    /** SHA-256 (hex) of the code in the link; null for an account activated without an invitation. */
    codeHash: { type: 'string', maxLength: 64, private: true },
    /** Where the last invitation was sent. */
    sentTo: { type: 'string', maxLength: 254 },
    sentCount: { type: 'integer', required: true, default: 0 },
    issuedAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    activatedAt: { type: 'datetime' },
  },
  indexes: [
    { name: 'notifications_invitations_member_uq', columns: ['member_id'], type: 'unique' },
    { name: 'notifications_invitations_code_uq', columns: ['code_hash'], type: 'unique' },
  ],
};

export default { invitation: { schema } };
