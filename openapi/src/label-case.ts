// How the certification lint reads the case of a summary or label: Microsoft's connector guidelines want
// sentence case for summaries and Title Case for x-ms-summary.

// Words that keep their capital inside a sentence-case summary: names of products, companies and places.
const properNouns = new Set([
  'Xero',
  'Dynamics',
  'Dataverse',
  'Microsoft',
  'Power',
  'Automate',
  'Apps',
  'Platform',
  'Azure',
  'I',
]);

/** Why a summary is not in sentence case, or undefined when it is. */
export function sentenceCaseProblem(text: string): string | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  if (!/^[\p{Lu}\p{N}]/u.test(first)) return `must start with a capital letter, starts with "${first}"`;
  for (const word of words.slice(1)) {
    const bare = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    // Acronyms (ID, URL) and mixed case names (PayPal) are fine; a Capitalised ordinary word is Title Case.
    if (/^\p{Lu}\p{Ll}+$/u.test(bare) && !properNouns.has(bare)) {
      return `must be in sentence case: "${bare}" should be lower case (or add it to the proper nouns if it is a name)`;
    }
  }
  return undefined;
}

// Short words Title Case leaves in lower case unless they come first.
const minorWords = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'nor',
  'but',
  'of',
  'to',
  'in',
  'on',
  'at',
  'by',
  'for',
  'from',
  'per',
  'with',
  'as',
  'vs',
]);

/** Why an x-ms-summary is not in Title Case, or undefined when it is. */
export function titleCaseProblem(text: string): string | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  for (const [index, word] of words.entries()) {
    for (const part of word.split('-')) {
      const bare = part.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (bare === '' || !/^\p{Ll}/u.test(bare)) continue;
      if (index > 0 && minorWords.has(bare)) continue;
      return `must be in Title Case: "${bare}" should start with a capital letter`;
    }
  }
  return undefined;
}

export function startsCapitalised(text: string): boolean {
  return /^[\p{Lu}\p{N}"'(]/u.test(text.trim());
}

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
