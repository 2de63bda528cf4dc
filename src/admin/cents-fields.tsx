import { useEffect, useState } from 'react';
import { Field, TextInput, Typography } from '@strapi/design-system';
import { useField } from '@strapi/strapi/admin';
import { columnsOf, inputsOf, type InputProps } from './field-formats';

/**
 * Amounts are stored in cents (`amountCents`), but staff think in euros: with the integer's
 * own input, 25 typed for 25 € was saved as 0,25 € (newcomer pass). Integer fields named
 * `…Cents` are shown in euros instead: « 25,00 € » in the list's cells (`centsColumns`,
 * through the list view's column hook) and, in the edit view, an input in euros with a
 * decimal comma (`CENTS_FIELD`, through the edit layout hook), stored as cents.
 * Same pattern as `year-fields.tsx`.
 */
export const CENTS_FIELD = 'intranet-cents';

/** Whether a field of the Content Manager holds an amount in cents (an integer named `…Cents`). */
export const isCents = (name: string, attribute?: { type?: string }) => attribute?.type === 'integer' && /Cents$/.test(name);

const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** « 25,00 € » for 2500 (French grouping and spaces). */
export const euroText = (cents: number) => euroFormat.format(cents / 100);

/** « 25,00 » for 2500: what the input shows (no grouping, decimal comma). */
const inputText = (cents: number | null | undefined) => (cents == null ? '' : (cents / 100).toFixed(2).replace('.', ','));

/**
 * Cents from euros as typed: « 25 », « 25,5 », « 25,50 », « 25.50 », « 1 234,50 », « 25 € ».
 * Returns null for an empty text, undefined for one that is not an amount (more than two decimals included).
 */
export function centsOf(text: string): number | null | undefined {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (compact === '') return null;
  if (!/^\d+(\.\d{0,2})?$/.test(compact)) return undefined;
  const [units, decimals = ''] = compact.split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

/** The edit view's input of an amount: euros with a decimal comma, stored as cents (empty: none). */
export function CentsInput({ name, label, required, disabled }: InputProps) {
  const field = useField<number | null>(name);
  const [text, setText] = useState(inputText(field.value));
  const [unreadable, setUnreadable] = useState(false);
  // The form's value changed elsewhere (the entry loaded, a reset): show it.
  useEffect(() => {
    if (centsOf(text) !== (field.value ?? null)) {
      setText(inputText(field.value));
      setUnreadable(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [field.value]);
  // Saved: the form's initial value is now the server's. The same amount as typed (« 25 » for
  // 2500) changes no value, so the effect above keeps the text: write it as stored, « 25,00 ».
  const saved = field.initialValue ?? null;
  useEffect(() => {
    if ((field.value ?? null) === saved) {
      setText(inputText(saved));
      setUnreadable(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved]);
  return (
    <Field.Root name={name} error={unreadable ? 'Montant en euros attendu, par exemple 25,00.' : field.error} hint="En euros, par exemple 25,00" required={required}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        inputMode="decimal"
        autoComplete="off"
        disabled={disabled}
        value={text}
        endAction={<Typography textColor="neutral600">€</Typography>}
        onChange={(event: { target: { value: string } }) => {
          const typed = event.target.value;
          setText(typed);
          const cents = centsOf(typed);
          setUnreadable(cents === undefined);
          field.onChange(name, cents === undefined ? null : cents);
        }}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

/** The edit layout's waterfall step: amounts in cents take `CENTS_FIELD`'s input. */
export const centsInputs = inputsOf(isCents, CENTS_FIELD);

function CentsCell({ value }: { value: unknown }) {
  return <Typography textColor="neutral800">{typeof value === 'number' ? euroText(value) : '-'}</Typography>;
}

/** The list view's waterfall step: amount columns (without a formatter of their own) show euros. */
export const centsColumns = columnsOf(isCents, (value) => <CentsCell value={value} />);
