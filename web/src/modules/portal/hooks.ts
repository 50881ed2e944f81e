import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { portalApi, type AssistantAnswer, type AssistantQuestion, type NewPortalTicket, type PortalReply } from './api.ts';

export const portalKeys = {
  all: (workspace: string) => ['portal', workspace] as const,
  home: (workspace: string) => ['portal', workspace, 'home'] as const,
  tickets: (workspace: string) => ['portal', workspace, 'tickets'] as const,
  ticket: (workspace: string, id: string) => ['portal', workspace, 'ticket', id] as const,
};

export const usePortalHome = (workspace: string) => useQuery({ queryKey: portalKeys.home(workspace), queryFn: () => portalApi.home(workspace), retry: false });
export const useMyTickets = (workspace: string) => useQuery({ queryKey: portalKeys.tickets(workspace), queryFn: () => portalApi.tickets(workspace) });
// The agent's answer appears without a reload: the page asks again every 15 s while it is open.
export const useMyTicket = (workspace: string, id: string) => useQuery({ queryKey: portalKeys.ticket(workspace, id), queryFn: () => portalApi.ticket(workspace, id), refetchInterval: 15_000 });

/** Signing in or out changes everything the portal shows: drop the workspace's cached answers. */
function useResetPortal(workspace: string) {
  const queryClient = useQueryClient();
  return () => queryClient.resetQueries({ queryKey: portalKeys.all(workspace) });
}

export function useRequestLink(workspace: string) {
  return useMutation({ mutationFn: (email: string) => portalApi.requestLink(workspace, email) });
}

export function useVerifyLink(workspace: string) {
  const reset = useResetPortal(workspace);
  return useMutation({ mutationFn: (token: string) => portalApi.verifyLink(workspace, token), onSuccess: reset });
}

export function usePasswordSignIn(workspace: string) {
  const reset = useResetPortal(workspace);
  return useMutation({ mutationFn: (body: { email: string; password: string }) => portalApi.signInWithPassword(workspace, body), onSuccess: reset });
}

export function usePortalSignOut(workspace: string) {
  const reset = useResetPortal(workspace);
  return useMutation({ mutationFn: () => portalApi.signOut(workspace), onSuccess: reset });
}

export function useSetPortalPassword(workspace: string) {
  return useMutation({ mutationFn: (password: string) => portalApi.setPassword(workspace, password) });
}

/** Uploads the files first, then sends their ids with the words. */
async function withUploads<T extends { attachmentIds?: string[] }>(workspace: string, body: T, files: File[]): Promise<T> {
  if (files.length === 0) return body;
  const uploaded = await Promise.all(files.map((file) => portalApi.upload(workspace, file)));
  return { ...body, attachmentIds: uploaded.map((file) => file.id) };
}

export function useCreatePortalTicket(workspace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, files }: { body: NewPortalTicket; files: File[] }) => portalApi.createTicket(workspace, await withUploads(workspace, body, files)),
    onSuccess: (ticket) => {
      queryClient.setQueryData(portalKeys.ticket(workspace, ticket.id), ticket);
      return queryClient.invalidateQueries({ queryKey: portalKeys.tickets(workspace) });
    },
  });
}

export function usePortalReply(workspace: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, files }: { body: PortalReply; files: File[] }) => portalApi.reply(workspace, id, await withUploads(workspace, body, files)),
    onSuccess: (ticket) => {
      queryClient.setQueryData(portalKeys.ticket(workspace, id), ticket);
      return queryClient.invalidateQueries({ queryKey: portalKeys.tickets(workspace) });
    },
  });
}

export function useWebForm(workspace: string) {
  return useQuery({ queryKey: ['portal', workspace, 'web-form'], queryFn: () => portalApi.openWebForm(workspace), staleTime: Infinity, retry: false });
}

/** The bot's answer to a request before it is sent (null: no bot, send it as it is). */
export function useAskAssistant(workspace: string) {
  return useMutation({ mutationFn: (question: AssistantQuestion) => portalApi.askAssistant(workspace, question) });
}

export function useRateAssistant(workspace: string) {
  return useMutation({ mutationFn: ({ answer, helpful }: { answer: AssistantAnswer; helpful: boolean }) => portalApi.rateAssistant(workspace, answer, helpful) });
}
