/**
 * Xero `where` OR-clauses for lookups by key (ContactNumber, Code), cut into chunks that keep the query string
 * short. Xero publishes no URL limit; filtering by IDs is capped at about 52 ids per query, which points at a query
 * string of about 2,000 characters (reference/peers.md §2.3, UNVERIFIED). We budget 1,900 URL-encoded characters
 * per `where` value. A Dataverse id as ContactNumber costs 69 encoded characters, so one lookup takes up to 27
 * customers.
 */
export const WHERE_CLAUSE_BUDGET = 1900;

function clauseFor(field: string, value: string): string {
  // Xero's filter strings are C#-like: a double quote inside the literal is escaped with a backslash.
  return `${field}=="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const SEPARATOR = ' OR ';

/** `Field=="a" OR Field=="b"`, in as few chunks as the budget allows; values keep their order, duplicates dropped. */
export function chunkWhereClauses(
  field: string,
  values: readonly string[],
  budget = WHERE_CLAUSE_BUDGET,
): string[] {
  const chunks: string[] = [];
  let current = '';
  const seen = new Set<string>();
  for (const value of values) {
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const clause = clauseFor(field, value);
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
