import type { ComponentType, ReactNode } from 'react';

/**
 * The Content Manager hooks' plumbing shared by fields shown in a format of their own (years
 * as written, `year-fields.tsx`; amounts in cents as euros, `cents-fields.tsx`): which fields
 * a format applies to is `matches(name, attribute)`.
 */
export type FieldMatch = (name: string, attribute?: { type?: string }) => boolean;

export const MUTATE_EDIT_VIEW_LAYOUT = 'Admin/CM/pages/EditView/mutate-edit-view-layout';

/** The props the Content Manager gives a field's input in the edit view. */
export interface InputProps {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  labelAction?: unknown;
}

/**
 * A field input for `app.addFields`, of the type the edit layout hook gives its fields. Strapi
 * 5.54 types an added field's `Component` with no props (`React.ComponentType`), though the
 * Content Manager renders it with the field's (`InputRenderer`: its props, `hint`, `disabled`):
 * the one cast to Strapi's type is here.
 */
export function libraryField(type: string, Component: ComponentType<InputProps>): { type: string; Component: ComponentType } {
  return { type, Component: Component as ComponentType };
}

interface EditField {
  name: string;
  type: string;
  attribute?: { type?: string };
  [key: string]: unknown;
}
type EditLayout = { layout: EditField[][][]; [key: string]: unknown };

/** An edit layout waterfall step (`MUTATE_EDIT_VIEW_LAYOUT`): matching fields take the input registered as `type`. */
export function inputsOf(matches: FieldMatch, type: string) {
  return <T extends { layout: EditLayout }>(args: T): T => {
    const layout = args.layout.layout.map((panel) => panel.map((row) => row.map((field) => (matches(field.name, field.attribute) ? { ...field, type } : field))));
    return { ...args, layout: { ...args.layout, layout } };
  };
}

interface Header {
  name: string;
  attribute?: { type?: string };
  cellFormatter?: unknown;
  [key: string]: unknown;
}

/** A list view waterfall step (`INJECT_COLUMN_IN_TABLE`): matching columns without a formatter of their own show `cell(value)`. */
export function columnsOf(matches: FieldMatch, cell: (value: unknown) => ReactNode) {
  return <T extends { displayedHeaders: Header[] }>(args: T): T => ({
    ...args,
    displayedHeaders: args.displayedHeaders.map((header) =>
      matches(header.name, header.attribute) && typeof header.cellFormatter !== 'function'
        ? { ...header, cellFormatter: (row: Record<string, unknown>) => cell(row[header.name]) }
        : header,
    ),
  });
}
