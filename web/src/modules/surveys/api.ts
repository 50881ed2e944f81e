import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CampaignSchema, CreateCampaignBody, CreateTemplateBody, PublicSurveySchema, ResultsSchema, SurveySettingsBody, TemplateSchema, ThemesSchema } from '../../../../src/modules/surveys/index.ts';
import { api, useApiMutation, type MutationFeedback, type Wire } from '../../shared/index.ts';

// Response and request shapes are the server's own contracts (type-only: nothing of the server is bundled).
export type Campaign = Wire<z.infer<typeof CampaignSchema>>;
export type SurveyTemplate = Wire<z.infer<typeof TemplateSchema>>;
export type TemplateQuestion = SurveyTemplate['questions'][number];
export type SurveyResults = Wire<z.infer<typeof ResultsSchema>>;
export type SurveyThemes = Wire<z.infer<typeof ThemesSchema>>;
export type SurveySettings = z.infer<typeof SurveySettingsBody>;
export type PublicSurvey = Wire<z.infer<typeof PublicSurveySchema>>;
export type NewCampaign = z.input<typeof CreateCampaignBody>;
export type TemplateInput = z.input<typeof CreateTemplateBody>;
export type SurveyKind = 'csat' | 'nps';
export interface SurveyPeriod {
  from: string;
  to: string;
}
export interface SurveyAnswer {
  score: number;
  comment?: string;
  answers?: Record<string, string | number>;
}

export const surveysApi = {
  campaigns: () => api.get<{ items: Campaign[] }>('/api/v1/survey-campaigns').then((r) => r.items),
  createCampaign: (body: NewCampaign) => api.post<Campaign>('/api/v1/survey-campaigns', body),
  runCampaign: (id: string) => api.post<{ sent: number; skipped: number }>(`/api/v1/survey-campaigns/${id}/run`, {}),
  templates: () => api.get<{ items: SurveyTemplate[] }>('/api/v1/survey-templates').then((r) => r.items),
  createTemplate: (body: TemplateInput) => api.post<SurveyTemplate>('/api/v1/survey-templates', body),
  updateTemplate: (id: string, body: Omit<TemplateInput, 'kind'>) => api.put<SurveyTemplate>(`/api/v1/survey-templates/${id}`, body),
  settings: () => api.get<SurveySettings>('/api/v1/survey-settings'),
  saveSettings: (body: SurveySettings) => api.put<SurveySettings>('/api/v1/survey-settings', body),
  results: (kind: SurveyKind, period: SurveyPeriod, groupBy?: 'agent' | 'team') => api.get<SurveyResults>('/api/v1/surveys/results', { query: { ...period, kind, ...(groupBy ? { groupBy } : {}) } }),
  themes: (kind: SurveyKind, period: SurveyPeriod) => api.get<SurveyThemes>('/api/v1/surveys/themes', { query: { ...period, kind } }),
  publicSurvey: (token: string) => api.get<PublicSurvey>(`/api/surveys/${token}`),
  answer: (token: string, body: SurveyAnswer) => api.post<{ ok: true }>(`/api/surveys/${token}/answer`, body),
  optOut: (token: string) => api.post<{ ok: true }>(`/api/surveys/${token}/opt-out`, {}),
};

const all = ['surveys'] as const;

export const useCampaigns = () => useQuery({ queryKey: ['surveys', 'campaigns'], queryFn: surveysApi.campaigns });
export const useSurveyTemplates = () => useQuery({ queryKey: ['surveys', 'templates'], queryFn: surveysApi.templates });
export const useSurveySettings = () => useQuery({ queryKey: ['surveys', 'settings'], queryFn: surveysApi.settings });
export const useKindResults = (kind: SurveyKind, period: SurveyPeriod, groupBy?: 'agent' | 'team') =>
  useQuery({ queryKey: ['surveys', 'results', kind, period, groupBy], queryFn: () => surveysApi.results(kind, period, groupBy) });
export const useKindThemes = (kind: SurveyKind, period: SurveyPeriod) => useQuery({ queryKey: ['surveys', 'themes', kind, period], queryFn: () => surveysApi.themes(kind, period) });

export const useCreateCampaign = (feedback: MutationFeedback) => useApiMutation({ mutationFn: surveysApi.createCampaign, invalidates: [all] }, { success: 'surveys.campaignCreated', ...feedback });
export const useRunCampaign = () => useApiMutation({ mutationFn: surveysApi.runCampaign, invalidates: [all] });
export const useSaveTemplate = (feedback: MutationFeedback) =>
  useApiMutation(
    { mutationFn: ({ id, ...body }: TemplateInput & { id?: string }) => (id ? surveysApi.updateTemplate(id, { name: body.name, questions: body.questions }) : surveysApi.createTemplate(body)), invalidates: [all] },
    { success: 'common.saved', ...feedback },
  );
export const useSaveSurveySettings = (feedback: MutationFeedback) => useApiMutation({ mutationFn: surveysApi.saveSettings, invalidates: [all] }, { success: 'common.saved', ...feedback });

export const usePublicSurvey = (token: string) => useQuery({ queryKey: ['survey', token], queryFn: () => surveysApi.publicSurvey(token), retry: false });
