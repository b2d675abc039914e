export function formatDocument(_d: unknown, t: string): string { return t; }
