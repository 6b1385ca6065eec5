/**
 * A port that cannot be bound is a configuration problem: the start-up error
 * names the variable to change, in one line, instead of a stack trace.
 */
export class ListenError extends Error {
  override readonly name = "ListenError";
}

export function listenError(error: unknown, variable: string, port: number): Error {
  const code = (error as { code?: unknown }).code;
  if (code === "EADDRINUSE")
    return new ListenError(`${variable} ${port} is already in use; set ${variable} to a free port.`);
  if (code === "EACCES")
    return new ListenError(
      `${variable} ${port} may not be bound by this user; set ${variable} to another port.`,
    );
  return error instanceof Error ? error : new Error(String(error));
}
