/**
 * Turns whatever `context.webAPI` rejected with into one readable line. Dataverse rejects with an ErrorResponse-like
 * object (`message`, sometimes `errorCode`/`code`); other hosts reject with Error or a string.
 */
export function describeWebApiError(error: unknown, fallback: string): string {
  if (typeof error === 'string' && error.trim()) return error.trim();
  if (error && typeof error === 'object') {
    const { message } = error as { message?: unknown };
    if (typeof message === 'string' && message.trim()) return message.trim();
  }
  return fallback;
}
