/**
 * The app's shared helpers, one door for pages and modules: API client and problem display, formatting,
 * small UI pieces, preferences (language, theme), realtime, shortcuts, i18n and the server's contracts.
 * Nothing here knows a module or a screen.
 */
export * from './contracts.ts';
export { I18nProvider, useLocale, useT, type MessageKey, type Translate, type UiLocale } from '../i18n/index.tsx';
export { api, ApiError, setUnauthenticatedListener, type FieldError, type RequestOptions } from './api/client.ts';
export { applyApiErrors } from './api/form-errors.ts';
export { problemText, useApiMutation, type MutationDefinition, type MutationFeedback } from './api/mutation.ts';
export { labelOf } from './format/labels.ts';
export { timeZoneOptions } from './format/time-zones.ts';
export { formatDate, formatDateTime, formatDuration } from './format/time.ts';
export { useNow } from './format/use-now.ts';
export { PreferencesProvider, useLocaleOptions, usePreferences, type ThemeMode } from './preferences.tsx';
export { RealtimeProvider, RealtimeStatus, useRealtime, useRealtimeEvents, type RealtimeMessage } from './realtime.tsx';
export { useShortcuts } from './shortcuts.tsx';
export { EChart, type ChartOption } from './ui/echart.tsx';
export { EditorDrawer } from './ui/editor-drawer.tsx';
export { ErrorAlert } from './ui/error-alert.tsx';
export { Notice } from './ui/notice.tsx';
export { PageHeader } from './ui/page-header.tsx';
export { RelativeTime } from './ui/relative-time.tsx';
export { StatusMessage } from './ui/status-message.tsx';
export { ToastProvider, useToast } from './ui/toast.tsx';
