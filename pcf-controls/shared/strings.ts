/** Looks up a resx string and fills `{0}`, `{1}`… placeholders. */
export type Translate = (key: string, ...args: (string | number)[]) => string;

/**
 * Wraps `context.resources.getString`. The platform returns the key itself (or an empty string in some hosts) when a
 * key is missing; both fall back to the key so a missing string is visible in testing rather than a blank label.
 */
export function createTranslator(resources: ComponentFramework.Resources): Translate {
  return (key, ...args) => {
    let text: string | undefined;
    try {
      text = resources.getString(key);
    } catch {
      text = undefined;
    }
    const template = text ? text : key;
    return template.replace(/\{(\d+)\}/g, (match, index: string) => {
      const value = args[Number(index)];
      return value === undefined ? match : String(value);
    });
  };
}
