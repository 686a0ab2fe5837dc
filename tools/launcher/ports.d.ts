// Types of ports.js, for its tests.
export interface PortPick {
  port: number;
  given: boolean;
  usual: number;
}

export declare function pickPort(opts: {
  role: string;
  envName: string;
  given: number | undefined;
  usual: number;
  taken?: Set<number>;
  isFree?: (port: number) => Promise<boolean>;
}): Promise<PortPick>;
export declare function describePick(role: string, pick: PortPick): string;
export declare function osFreePort(): Promise<number>;
