/**
 * Business calendars: the model (business-calendar-model.ts), admin validation (business-calendar-validation.ts)
 * and business-time arithmetic (business-calendar-time.ts, whose header states the semantics). The SLA module
 * imports them from here.
 */
export * from './business-calendar-model.ts';
export { CALENDAR_MESSAGES, validateCalendar } from './business-calendar-validation.ts';
export { addBusinessMinutes, addBusinessMs, businessMsBetween, businessMinutesBetween, isBusinessTime, nextOpening, businessIntervals } from './business-calendar-time.ts';
