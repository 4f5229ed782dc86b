/** The newest modification time (ms) of a file or of any file below a folder; 0 when missing. */
export function newestIn(path: string): number;
