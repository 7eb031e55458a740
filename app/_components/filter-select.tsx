/** A choice of a filter select: the value sent in the address, and what the reader sees. */
export interface FilterOption {
  value: string;
  label: string;
}

/**
 * One filter of a list page's GET form (the toolbar): a labelled select whose first choice, with
 * an empty value, is "all" — left out of the address, so the list is unfiltered by it.
 */
export function FilterSelect({ label, name, value, all, options, testId }: { label: string; name: string; value: string | null | undefined; all: string; options: readonly FilterOption[]; testId?: string }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ''} data-testid={testId}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export const unitOptions = (units: readonly { id: string; name: string }[]): FilterOption[] => units.map((u) => ({ value: u.id, label: u.name }));

/** Managers by name, with the sign-in name where two could share a name (staff's and the unit's lists). */
export const managerOptions = (managers: readonly { id: string; displayName: string; username?: string }[]): FilterOption[] =>
  managers.map((m) => ({ value: m.id, label: m.username ? `${m.displayName} (${m.username})` : m.displayName }));
