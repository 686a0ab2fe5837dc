import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './fonts.css';
import { session } from './session';

// Consoles before the cookie session kept a bearer token in localStorage: never leave it there.
session.forgetLegacyToken();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
