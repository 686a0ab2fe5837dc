// Types of log-format.js, for its tests.
export declare function formatLogLine(line: string): string;
