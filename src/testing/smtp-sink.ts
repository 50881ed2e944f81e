/**
 * The local SMTP relay of the e-mail channel's tests, for the tests of other modules and the browser journeys: what
 * Kefu sends arrives there by real SMTP (the module door is for production code, so tests reach it here).
 */
export { startRelay, type Relay } from '../modules/channels/smtp-relay.testing.ts';
