// Runs TypeScript sources directly with SWC (decorator metadata on, tsconfig paths resolved).
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
