import { message } from 'antd';
import { createContext, useContext, type ReactNode } from 'react';

type MessageApi = ReturnType<typeof message.useMessage>[0];

const ToastContext = createContext<MessageApi | undefined>(undefined);

/** Theme-aware toasts (antd message) without pulling antd's App (modal and notification) into the first bundle. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [api, holder] = message.useMessage();
  return (
    <ToastContext.Provider value={api}>
      {holder}
      {children}
    </ToastContext.Provider>
  );
}

export function useToast(): MessageApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}
