import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { useT, type MessageKey, type Translate } from '../../i18n/index.tsx';
import { useToast } from '../ui/toast.tsx';
import { ApiError } from './client.ts';
import { applyApiErrors } from './form-errors.ts';

/** A failed call in one line, in the UI's language: its field messages, else its detail; a lost connection says so. */
export function problemText(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('errors.network');
  return error.fieldErrors.map((field) => field.message).join(' ') || error.message;
}

/** What a module's mutation does to the query cache once the server has answered. */
export interface MutationDefinition<TData, TVariables> {
  mutationFn: (variables: TVariables) => Promise<TData>;
  /** Writes the answer into the cache at once (the refetch then only confirms it). */
  update?: (queryClient: QueryClient, data: TData, variables: TVariables) => void;
  /** The queries that are stale after it; the mutation stays pending until the visible ones are refetched. */
  invalidates?: readonly QueryKey[] | ((variables: TVariables) => readonly QueryKey[]);
  /** Refetch them after a failure too (a version conflict means the screen shows an old version). */
  refetchOnError?: boolean;
}

/** How the screen that runs it reports the outcome. */
export interface MutationFeedback {
  /** The form whose fields get the API's field messages; what matches no field goes to a toast. */
  form?: FormInstance;
  /** API field → form field, where they are named differently (`customer.email` → `customerEmail`). */
  fieldAliases?: Record<string, string>;
  /** A toast on success. */
  success?: MessageKey;
  /** The screen shows the problem beside its control (with `problemText(mutation.error, t)`), not in a toast. */
  inline?: boolean;
}

/**
 * A mutation through the API with the app's save flow: pending state (`isPending`), problem display (field
 * messages under their form fields, the rest in a toast, in the UI's language) and cache invalidation.
 * Modules define their mutations with it in their hooks.ts; screens pass the feedback they want.
 */
export function useApiMutation<TData, TVariables = void>(definition: MutationDefinition<TData, TVariables>, feedback: MutationFeedback = {}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useT();
  const refetch = (variables: TVariables) => {
    const keys = typeof definition.invalidates === 'function' ? definition.invalidates(variables) : (definition.invalidates ?? []);
    return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
  return useMutation<TData, Error, TVariables>({
    mutationFn: definition.mutationFn,
    onSuccess: async (data, variables) => {
      definition.update?.(queryClient, data, variables);
      if (feedback.success) toast.success(t(feedback.success));
      await refetch(variables);
    },
    onError: async (error, variables) => {
      if (!feedback.inline) {
        const texts = feedback.form && error instanceof ApiError ? applyApiErrors(feedback.form, error, feedback.fieldAliases) : [problemText(error, t)];
        for (const text of texts) toast.error(text);
      }
      if (definition.refetchOnError) await refetch(variables);
    },
  });
}
