/** The authenticated caller: an Atrium user, identified by its user guid. */
export interface Viewer {
  userGuid: string;
}
