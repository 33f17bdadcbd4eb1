import './sidebar.css';

export const DEFAULT_WIDTH = 280;

/** The sidebar's place in the layout, empty, while its chunk loads (app/first-paint.tsx). */
export function SidebarPlaceholder() {
  return <aside className="sidebar" aria-label="Sidebar" aria-busy="true" style={{ width: DEFAULT_WIDTH }} />;
}
