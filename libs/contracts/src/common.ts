export interface Money {
  /** Integer minor units (e.g. fen for CNY). */
  minor: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

export interface ActorRef {
  /** A user id, `system`, or `bank:<code>`. */
  id: string;
  role: string;
}

export interface UserRef {
  id: string;
  name: string;
}
