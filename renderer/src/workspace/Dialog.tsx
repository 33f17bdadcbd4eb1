import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  /** `alertdialog` for a question that interrupts (close with unsaved changes). */
  role?: 'dialog' | 'alertdialog';
  onCancel(): void;
  children: ReactNode;
}

const focusable = 'button, input, select, textarea, [href], [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog in the page (never window.confirm): labelled by its title, focus moved into it
 * (to the element marked `data-autofocus`, else the first control) and kept there, Escape cancels,
 * and focus goes back where it was when it closes.
 */
export function Dialog({ title, role = 'dialog', onCancel, children }: DialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const box = ref.current;
    const first = box?.querySelector<HTMLElement>('[data-autofocus]') ?? box?.querySelector<HTMLElement>(focusable);
    first?.focus();
    return () => before?.focus?.();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const controls = [...ref.current.querySelectorAll<HTMLElement>(focusable)].filter(
      (el) => !el.hasAttribute('disabled'),
    );
    const [first, last] = [controls[0], controls[controls.length - 1]];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div ref={ref} className="dialog" role={role} aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
