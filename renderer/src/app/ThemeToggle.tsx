import { useWorkbench } from './WorkbenchContext';

export function ThemeToggle() {
  const theme = useWorkbench((state) => state.theme);
  const toggleTheme = useWorkbench((state) => state.toggleTheme);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label="Dark theme"
      aria-pressed={theme === 'dark'}
      onClick={toggleTheme}
      title="Toggle light/dark theme"
    >
      {theme === 'dark' ? '☾' : '☀'}
    </button>
  );
}
