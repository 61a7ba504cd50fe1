/** The one set of ajv options, for the serverless validator and the page's standalone one. */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: true } as const;
