import { lazy } from 'react';

/** The customer's survey page behind a signed link (`/survey/<token>`): public, no sign-in, no app layout. */
export const SurveyPage = lazy(() => import('./survey/survey-page.tsx'));
