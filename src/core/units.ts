export const UNITS = ['metric', 'imperial', 'standard'] as const;
export type Units = (typeof UNITS)[number];
