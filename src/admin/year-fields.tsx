import { Field, TextInput, Typography } from '@strapi/design-system';
import { useField } from '@strapi/strapi/admin';
import { columnsOf, inputsOf, type InputProps } from './field-formats';

/**
 * A year is a number the panel would write like an amount: Strapi's number input and list
 * cells format integers for the language (« 2 025 » in French). Integer fields named `year`
 * or `…Year` (a due's year, a member's year of birth) are shown as written instead: in the
 * list's cells (`yearCell`, through the list view's column hook) and in the edit view, where
 * `YEAR_FIELD` replaces their input (through the edit layout hook) with a plain one of digits.
 */
export { MUTATE_EDIT_VIEW_LAYOUT } from './field-formats';
export const YEAR_FIELD = 'intranet-year';

/** Whether a field of the Content Manager holds a year (an integer named `year`, `birthYear`…). */
export const isYear = (name: string, attribute?: { type?: string }) => attribute?.type === 'integer' && /(^y|Y)ear$/.test(name);

/** The edit view's input of a year: four digits as typed, stored as a number (empty: none). */
export function YearInput({ name, label, hint, required, disabled }: InputProps) {
  const field = useField<number | null>(name);
  return (
    <Field.Root name={name} error={field.error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        inputMode="numeric"
        autoComplete="off"
        maxLength={4}
        disabled={disabled}
        value={field.value == null ? '' : String(field.value)}
        onChange={(event: { target: { value: string } }) => {
          const digits = event.target.value.replace(/\D/g, '');
          field.onChange(name, digits === '' ? null : Number(digits));
        }}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

/** The edit layout's waterfall step: year fields take `YEAR_FIELD`'s input. */
export const yearInputs = inputsOf(isYear, YEAR_FIELD);

function YearCell({ value }: { value: unknown }) {
  return <Typography textColor="neutral800">{value == null || value === '' ? '-' : String(value)}</Typography>;
}

/** The list view's waterfall step: year columns (without a formatter of their own) show the year as written. */
export const yearColumns = columnsOf(isYear, (value) => <YearCell value={value} />);
