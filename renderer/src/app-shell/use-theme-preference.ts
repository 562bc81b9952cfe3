/**
 * Applies the theme preference. "system" leaves the choice to `prefers-color-scheme` in CSS; light
 * or dark pin it with a data attribute on <html>, which the theme stylesheet keys on.
 */
import { useEffect } from 'react';
import { useSettings } from '../store/context';

export function useThemePreference(): void {
  const theme = useSettings((s) => s.view?.preferences.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
