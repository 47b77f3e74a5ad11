import { createContext, useContext, type ReactNode } from 'react';
import type { EcgApi } from '../../../common/api';

const ApiContext = createContext<EcgApi | null>(null);

export function ApiProvider({ api, children }: { api: EcgApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): EcgApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
