/**
 * Xero `where` OR-clauses for lookups by key (ContactNumber, ContactID, Code), cut into chunks that keep the query string
 * short. Xero publishes no URL limit; filtering by IDs is capped at about 52 ids per query, which points at a query
 * string of about 2,000 characters (reference/peers.md §2.3, UNVERIFIED). We budget 1,900 URL-encoded characters
 * per `where` value. A Dataverse id as ContactNumber costs 69 encoded characters, so one lookup takes up to 27
 * customers.
 */
export const WHERE_CLAUSE_BUDGET = 1900;

/** `Field=="value"`: Xero's filter strings are C#-like, a double quote inside the literal is escaped with a backslash. */
export function equalsClause(field: string, value: string): string {
  return `${field}=="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `Field==Guid("…")`, the form Xero's filters take for an id (as in `Contact.ContactID==Guid("…")` on invoices; the
 * same on a contact's own ContactID is UNVERIFIED against live Xero, the emulator accepts it), or undefined when the
 * value is not a GUID: Xero would refuse the whole query for it.
 */
export function guidClause(field: string, value: string): string | undefined {
  return GUID.test(value) ? `${field}==Guid("${value.toLowerCase()}")` : undefined;
}

const SEPARATOR = ' OR ';

/** `a OR b OR …`, in as few chunks as the budget allows; clauses keep their order, repeats dropped. */
export function chunkOrClauses(clauses: readonly string[], budget = WHERE_CLAUSE_BUDGET): string[] {
  const chunks: string[] = [];
  let current = '';
  const seen = new Set<string>();
  for (const clause of clauses) {
    const key = clause.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const candidate = current === '' ? clause : `${current}${SEPARATOR}${clause}`;
    if (current !== '' && encodeURIComponent(candidate).length > budget) {
      chunks.push(current);
      current = clause;
    } else {
      current = candidate;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/** `Field=="a" OR Field=="b"`, in as few chunks as the budget allows; values keep their order, duplicates dropped. */
export function chunkWhereClauses(
  field: string,
  values: readonly string[],
  budget = WHERE_CLAUSE_BUDGET,
): string[] {
  return chunkOrClauses(
    values.map((v) => equalsClause(field, v)),
    budget,
  );
}
