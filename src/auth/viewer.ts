/** The authenticated caller: an Atrium user, identified by its user guid. */
export interface Viewer {
  userGuid: string;
  /** When the token that named this viewer expires (ms since the epoch): WebSockets close then. */
  expiresAt?: number;
}
