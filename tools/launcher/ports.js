'use strict';
// Ports of `npm start`: PORT is 3000 unless given (the URL people type); every other port is the one given, else its
// usual number when free, else the next free one, so two instances run side by side.
const net = require('node:net');
const { LaunchError, isPortFree, describePortHolder } = require('./util');

/** How far above the usual port to look before asking the OS for any free one. */
const SCAN = 50;

function osFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Picks the port for one role. `given` (a number from the environment, or undefined) must be free: a port the user
 * chose is never silently replaced. Otherwise `usual`, usual+1, … (skipping `taken`, ports already picked for
 * another role of this launcher), then any port the OS hands out.
 * Returns { port, given: boolean, usual: number }.
 */
async function pickPort({ role, envName, given, usual, taken = new Set(), isFree = isPortFree }) {
  if (given !== undefined) {
    if (taken.has(given) || !(await isFree(given))) {
      throw new LaunchError(`Port ${given} (${envName}, ${role}) is taken by ${describePortHolder(given)}. Stop it, or unset ${envName} to let the launcher choose.`);
    }
    return { port: given, given: true, usual };
  }
  for (let port = usual; port < usual + SCAN && port <= 65535; port++) {
    if (!taken.has(port) && (await isFree(port))) return { port, given: false, usual };
  }
  for (;;) {
    const port = await osFreePort();
    if (!taken.has(port)) return { port, given: false, usual };
  }
}

/** "API metrics 9466 (9464 was taken)" */
function describePick(role, pick) {
  if (pick.given) return `${role} ${pick.port} (given)`;
  return pick.port === pick.usual ? `${role} ${pick.port}` : `${role} ${pick.port} (${pick.usual} was taken)`;
}

module.exports = { pickPort, describePick, osFreePort };
