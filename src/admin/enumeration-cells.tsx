import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

/**
 * The Content Manager names an enumeration's values through translations keyed by the value
 * itself (`formatMessage({ id: value, defaultMessage: value })`: the edit view's select and the
 * list's filters), so `translations/fr.json` gives `"federation": "Fédération"`. Its list cells
 * show the raw value, with no lookup: this hook gives enumeration columns a cell that looks the
 * value up the same way (a value with no translation still shows as it is).
 */
export const INJECT_COLUMN_IN_TABLE = 'Admin/CM/pages/ListView/inject-column-in-table';

interface Header {
  name: string;
  attribute?: { type?: string };
  cellFormatter?: (row: Record<string, unknown>, header: Header, context: unknown) => unknown;
  [key: string]: unknown;
}

function EnumerationCell({ value }: { value: unknown }) {
  const { formatMessage } = useIntl();
  if (typeof value !== 'string' || value === '') return <Typography textColor="neutral800">-</Typography>;
  return (
    <Typography textColor="neutral800" maxWidth="30rem" ellipsis>
      {formatMessage({ id: value, defaultMessage: value })}
    </Typography>
  );
}

/** The list view's waterfall step: enumeration columns (without a formatter of their own) get `EnumerationCell`. */
export function translateEnumerationColumns<T extends { displayedHeaders: Header[] }>(args: T): T {
  return {
    ...args,
    displayedHeaders: args.displayedHeaders.map((header) =>
      header.attribute?.type === 'enumeration' && typeof header.cellFormatter !== 'function'
        ? { ...header, cellFormatter: (row: Record<string, unknown>) => <EnumerationCell value={row[header.name]} /> }
        : header,
    ),
  };
}
