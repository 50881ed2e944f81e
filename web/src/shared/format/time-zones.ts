/** Every IANA zone the browser knows, for time-zone pickers. */
export function timeZoneOptions(): { value: string; label: string }[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai', 'UTC'];
  return zones.map((zone) => ({ value: zone, label: zone }));
}
