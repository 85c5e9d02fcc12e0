/**
 * .NET numeric format strings for `formatNumber()` (learn.microsoft.com/dotnet/standard/base-types/standard-numeric-
 * format-strings and .../custom-numeric-format-strings). Separators of the culture come from Intl; currency symbols
 * are known for a few cultures only — others stop with a clear message rather than guess.
 */
const currencyByLocale: Record<string, { symbol: string; pattern: 'prefix' | 'suffix' }> = {
  'en-us': { symbol: '$', pattern: 'prefix' },
  'en-au': { symbol: '$', pattern: 'prefix' },
  'en-nz': { symbol: '$', pattern: 'prefix' },
  'en-ca': { symbol: '$', pattern: 'prefix' },
  'en-gb': { symbol: '£', pattern: 'prefix' },
  'is-is': { symbol: 'kr', pattern: 'suffix' },
  'de-de': { symbol: '€', pattern: 'suffix' },
  'fr-fr': { symbol: '€', pattern: 'suffix' },
};

function separators(locale: string): { decimal: string; group: string } {
  let decimal = '.';
  let group = ',';
  try {
    for (const part of new Intl.NumberFormat(locale).formatToParts(12345.5)) {
      if (part.type === 'decimal') decimal = part.value;
      if (part.type === 'group') group = part.value;
    }
  } catch {
    throw new Error(`was given the culture '${locale}', which is not supported.`);
  }
  return { decimal, group: group === '\u202f' ? '\u00a0' : group };
}

function fixed(value: number, decimals: number): string {
  // Round half away from zero as .NET does for these formats.
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
  return Math.abs(rounded).toFixed(decimals);
}

function group(intDigits: string, sep: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function withSeparators(text: string, decimal: string, groupSep: string | undefined): string {
  const [i, f] = text.split('.');
  const intPart = groupSep === undefined ? i! : group(i!, groupSep);
  return f === undefined ? intPart : `${intPart}${decimal}${f}`;
}

export function formatNumber(
  value: number,
  format: string,
  locale: string | undefined,
  fail: (message: string) => never,
): string {
  const culture = (locale ?? 'en-US').toLowerCase();
  let seps: { decimal: string; group: string };
  try {
    seps = separators(culture);
  } catch (e) {
    return fail((e as Error).message);
  }
  const standard = /^([CcDdEeFfGgNnPpRrXx])(\d{0,2})$/.exec(format);
  if (standard) {
    const letter = standard[1]!.toUpperCase();
    const precision = standard[2] === '' ? undefined : Number(standard[2]);
    const negative = value < 0 ? '-' : '';
    switch (letter) {
      case 'C': {
        const currency = currencyByLocale[culture];
        if (!currency) return fail(`cannot format currency for the culture '${culture}' in the flow runner.`);
        const text = withSeparators(fixed(value, precision ?? 2), seps.decimal, seps.group);
        return currency.pattern === 'prefix'
          ? `${negative}${currency.symbol}${text}`
          : `${negative}${text} ${currency.symbol}`;
      }
      case 'D': {
        if (!Number.isInteger(value))
          return fail(`was given the format '${format}', which only applies to integers.`);
        return `${negative}${String(Math.abs(value)).padStart(precision ?? 0, '0')}`;
      }
      case 'E': {
        const text = Math.abs(value).toExponential(precision ?? 6);
        const [mantissa, exp] = text.split('e');
        const sign = exp!.startsWith('-') ? '-' : '+';
        const e = standard[1] === 'e' ? 'e' : 'E';
        return `${negative}${mantissa!.replace('.', seps.decimal)}${e}${sign}${exp!.replace(/^[-+]/, '').padStart(3, '0')}`;
      }
      case 'F':
        return `${negative}${withSeparators(fixed(value, precision ?? 2), seps.decimal, undefined)}`;
      case 'N':
        return `${negative}${withSeparators(fixed(value, precision ?? 2), seps.decimal, seps.group)}`;
      case 'P':
        return `${negative}${withSeparators(fixed(value * 100, precision ?? 2), seps.decimal, seps.group)}%`;
      case 'G':
      case 'R': {
        const text = precision
          ? Number(Math.abs(value).toPrecision(precision)).toString()
          : String(Math.abs(value));
        return `${negative}${text.replace('.', seps.decimal).replace(/e([-+])(\d+)$/, (_m, s: string, d: string) => `E${s}${d.padStart(2, '0')}`)}`;
      }
      case 'X': {
        if (!Number.isInteger(value))
          return fail(`was given the format '${format}', which only applies to integers.`);
        const hex = (value < 0 ? (BigInt(value) + (1n << 64n)).toString(16) : value.toString(16)).padStart(
          precision ?? 0,
          '0',
        );
        return standard[1] === 'X' ? hex.toUpperCase() : hex;
      }
    }
  }
  return formatCustom(value, format, seps, fail);
}

type Token =
  | { kind: 'digit'; char: '0' | '#' }
  | { kind: 'point' }
  | { kind: 'comma' }
  | { kind: 'literal'; text: string };

function tokenizeSection(section: string, fail: (message: string) => never): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    if (c === '0' || c === '#') tokens.push({ kind: 'digit', char: c });
    else if (c === '.') tokens.push({ kind: 'point' });
    else if (c === ',') tokens.push({ kind: 'comma' });
    else if (c === '\\') tokens.push({ kind: 'literal', text: section[++i] ?? '' });
    else if (c === "'" || c === '"') {
      const end = section.indexOf(c, i + 1);
      if (end < 0) fail(`was given the format '${section}', which has an unterminated quoted string.`);
      tokens.push({ kind: 'literal', text: section.slice(i + 1, end) });
      i = end;
    } else if ((c === 'E' || c === 'e') && /^[eE][-+]?0/.test(section.slice(i))) {
      fail(`was given a scientific custom format ('${section}'), which the flow runner does not implement.`);
    } else tokens.push({ kind: 'literal', text: c });
  }
  return tokens;
}

function formatCustom(
  value: number,
  format: string,
  seps: { decimal: string; group: string },
  fail: (message: string) => never,
): string {
  const sections = format.split(/;(?=(?:[^']*'[^']*')*[^']*$)/);
  let section = sections[0]!;
  let useSign = true;
  if (value < 0 && sections.length > 1 && sections[1] !== '') {
    section = sections[1]!;
    useSign = false;
  } else if (value === 0 && sections.length > 2 && sections[2] !== '') {
    section = sections[2]!;
  }
  const tokens = tokenizeSection(section, fail);
  const pointAt = tokens.findIndex((t) => t.kind === 'point');
  const intTokens = pointAt < 0 ? tokens : tokens.slice(0, pointAt);
  const fracTokens = pointAt < 0 ? [] : tokens.slice(pointAt + 1);
  const intDigitIdx = intTokens.map((t, i) => (t.kind === 'digit' ? i : -1)).filter((i) => i >= 0);
  let scaling = 0;
  for (let i = intTokens.length - 1; i >= 0 && intTokens[i]!.kind === 'comma'; i--) scaling++;
  const firstDigit = intDigitIdx[0] ?? -1;
  const lastDigit = intDigitIdx[intDigitIdx.length - 1] ?? -1;
  const grouping = intTokens.some((t, i) => t.kind === 'comma' && i > firstDigit && i < lastDigit);
  const firstZero = intTokens.findIndex((t) => t.kind === 'digit' && t.char === '0');
  const minInt = firstZero < 0 ? 0 : intTokens.slice(firstZero).filter((t) => t.kind === 'digit').length;
  const fracDigits = fracTokens.filter((t) => t.kind === 'digit') as { kind: 'digit'; char: '0' | '#' }[];
  const lastZeroFrac = fracDigits.map((t) => t.char).lastIndexOf('0');
  const percent = tokens.some((t) => t.kind === 'literal' && t.text === '%');
  let scaled = Math.abs(value) * (percent ? 100 : 1);
  scaled /= 1000 ** scaling;
  const [intRaw, fracRaw = ''] = fixed(scaled, fracDigits.length).split('.');
  let intText = intRaw === '0' && minInt === 0 ? '' : intRaw!;
  intText = intText.padStart(minInt, '0');
  if (grouping) intText = group(intText, seps.group);
  let frac = fracRaw;
  while (frac.length > lastZeroFrac + 1 && frac.endsWith('0')) frac = frac.slice(0, -1);
  const isZero = Number(intRaw) === 0 && /^0*$/.test(fracRaw);
  let out = useSign && value < 0 && !isZero ? '-' : '';
  intTokens.forEach((t, i) => {
    if (t.kind === 'literal') out += t.text;
    else if (t.kind === 'digit' && i === firstDigit) out += intText;
  });
  if (pointAt >= 0 && frac.length > 0) out += seps.decimal;
  let fi = 0;
  for (const t of fracTokens) {
    if (t.kind === 'literal') out += t.text;
    else if (t.kind === 'digit') {
      if (fi < frac.length) out += frac[fi];
      fi++;
    }
  }
  return out;
}
