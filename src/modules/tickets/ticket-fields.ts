/** The closed vocabularies of the registration template (declared once in src/contracts, shared with the web app). */
export { PRIORITIES, URGENCIES, CHANNELS, type Priority, type Urgency, type Channel } from '../../contracts/tickets.ts';
