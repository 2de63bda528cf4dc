/**
 * How a due is paid: the codes stored on a due (`plugin::membership.member-due`.method) and
 * their French words, read by the member (« Mon adhésion », « Mes données ») and by staff (the
 * audit journal). Plain data with no import: the portal bundles it too.
 */
export const PAYMENT_METHODS = ['cheque', 'virement', 'prelevement', 'carte', 'especes'] as const;

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_METHOD_LABELS: Readonly<Record<PaymentMethod, string>> = {
  cheque: 'chèque',
  virement: 'virement',
  prelevement: 'prélèvement',
  carte: 'carte bancaire',
  especes: 'espèces',
};
