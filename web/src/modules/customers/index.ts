/** Customers: who a ticket's customer is and their other tickets. */
export { customersApi, customerKeys, type Customer } from './api.ts';
export { CustomerPanel } from './components/customer-panel.tsx';
