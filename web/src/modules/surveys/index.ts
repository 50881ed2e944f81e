/** Surveys: NPS campaigns, templates, settings and results for their screens, and the customer's public survey. */
export * from './api.ts';
