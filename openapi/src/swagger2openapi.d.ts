// swagger2openapi ships no type declarations; this covers the one call generate-contract.ts makes.
declare module 'swagger2openapi' {
  interface ConvertOptions {
    /** Fix small Swagger 2.0 errors instead of failing (we keep it off: the contract must be correct as written). */
    patch?: boolean;
    warnOnly?: boolean;
    /** What to do with siblings of $ref: 'remove' (default), 'preserve' or 'allOf'. */
    refSiblings?: 'remove' | 'preserve' | 'allOf';
    resolveInternal?: boolean;
  }
  interface ConvertResult {
    openapi: Record<string, unknown>;
  }
  export function convertObj(swagger: object, options: ConvertOptions): Promise<ConvertResult>;
}
