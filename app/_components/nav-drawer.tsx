'use client';

import { usePathname } from 'next/navigation';
import { createContext, useContext, useEffect, useState } from 'react';
import { CloseIcon, MenuIcon } from './icons';
import { NavLinks } from './nav-links';

/**
 * The side navigation. On a wide screen it is a column beside the page; on a phone it folds into
 * a drawer behind the menu button in the header, and closes again when a page is chosen, on the
 * backdrop or with Escape. The button (header) and the drawer (body) share its state here.
 */
const DrawerState = createContext<{ open: boolean; setOpen: (open: boolean) => void }>({ open: false, setOpen: () => undefined });

export function NavDrawerProvider({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  // A page was chosen: the drawer has done its job (reset during render, not in an effect).
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return <DrawerState.Provider value={{ open, setOpen }}>{children}</DrawerState.Provider>;
}

export function MenuButton({ openLabel, closeLabel }: { openLabel: string; closeLabel: string }) {
  const { open, setOpen } = useContext(DrawerState);
  return (
    <button type="button" className="menu-button" aria-label={open ? closeLabel : openLabel} aria-expanded={open} aria-controls="sidenav" onClick={() => setOpen(!open)} data-testid="menu-button">
      {open ? <CloseIcon /> : <MenuIcon />}
    </button>
  );
}

export function SideNav({ items, label }: { items: { href: string; label: string }[]; label: string }) {
  const { open, setOpen } = useContext(DrawerState);
  return (
    <>
      {open && <div className="nav-backdrop" onClick={() => setOpen(false)} aria-hidden="true" />}
      <nav
        id="sidenav"
        className={open ? 'sidenav open' : 'sidenav'}
        aria-label={label}
        data-testid="sidenav"
        // A page was chosen: close at the click, not only once the new page has rendered.
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('a')) setOpen(false);
        }}
      >
        <NavLinks items={items} />
      </nav>
    </>
  );
}
