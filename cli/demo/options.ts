export const DEMO_OPTIONS = {
  keep: { type: 'boolean', default: false },
  web: { type: 'boolean', default: false },
} as const;
