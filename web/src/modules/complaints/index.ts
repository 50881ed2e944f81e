/** Complaints, compensations, follow-up visits and survey results: the ticket's panel and the pieces of their screens. */
export * from './api.ts';
export { ComplaintPanel } from './components/complaint-panel.tsx';
