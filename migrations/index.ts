import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { DefaultTeam1765000000000 } from './1765000000000-default-team';
import { CaseLastReturn1765300000000 } from './1765300000000-case-last-return';
import { SignInSecurity1766100000000 } from './1766100000000-sign-in-security';
import { AlertChannels1766700000000 } from './1766700000000-alert-channels';

/** Every migration, in order. Add new migration classes here (the DataSource uses this list, not a glob). */
export const ALL_MIGRATIONS = [
  InitialSchema1764000000000,
  DefaultTeam1765000000000,
  CaseLastReturn1765300000000,
  SignInSecurity1766100000000,
  AlertChannels1766700000000,
];
