import { useCallback, useEffect, useState } from 'react';
import type { Theme } from '../ecg/palette';

const KEY = 'ecg-theme';

function getInitialTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(getInitialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(KEY, theme);
  }, [theme]);
  return [theme, useCallback(() => setTheme((t) => (t === 'light' ? 'dark' : 'light')), [])];
}
