/** Class A and B are the most valuable customers; the badge colour says so at a glance. */
export function ClassBadge({ value, label }: { value: string; label: string }) {
  return (
    <span className={`badge ${value === 'A' || value === 'B' ? 'info' : ''}`} data-testid="customer-class">
      {label}
    </span>
  );
}
