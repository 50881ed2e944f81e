// hoodiecrow-imap ships no types; the tests' IMAP server uses only this much of it.
declare module 'hoodiecrow-imap' {
  import type { AddressInfo } from 'node:net';
  interface HoodiecrowServer {
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    server: { address(): AddressInfo };
  }
  export default function hoodiecrow(options: object): HoodiecrowServer;
}
