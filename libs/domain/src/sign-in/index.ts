export { delayAfterAttempt, reserveAttempt, type AttemptState, type LoginDelayPolicy, type Reservation } from './login-delay';
export { passwordProblem } from './password-policy';
