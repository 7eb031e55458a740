/**
 * The few icons the app uses, drawn as inline SVG so they show the same everywhere — an emoji
 * depends on the fonts of the machine and showed as a box where none was installed.
 */
type IconProps = { size?: number; className?: string };

const svg = (size: number, className: string | undefined, children: React.ReactNode) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" className={className}>
    {children}
  </svg>
);

export function BellIcon({ size = 18, className }: IconProps) {
  return svg(
    size,
    className,
    <>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </>,
  );
}

export function MenuIcon({ size = 20, className }: IconProps) {
  return svg(
    size,
    className,
    <>
      <path d="M4 6h16" />
      <path d="M4 12h16" />
      <path d="M4 18h16" />
    </>,
  );
}

export function CloseIcon({ size = 20, className }: IconProps) {
  return svg(
    size,
    className,
    <>
      <path d="M18 6 6 18" />
      <path d="m6 6 12 12" />
    </>,
  );
}
