/**
 * DataSource for the TypeORM CLI (owner role). Examples:
 *   MIGRATION_DATABASE_URL=postgres://… node -r ./tools/register.js node_modules/typeorm/cli.js migration:show -d tools/migrate/data-source.ts
 *   node -r ./tools/register.js node_modules/typeorm/cli.js migration:create migrations/add-something
 * New migration classes must also be added to `migrations/index.ts` (ALL_MIGRATIONS); schema changes
 * are written by hand and reviewed, never generated from entities into production blindly.
 * Day-to-day use `npm run migrate` (migrations/run.ts) instead.
 */
import { createDataSource } from '@sentinel/persistence';

const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  throw new Error('Set MIGRATION_DATABASE_URL (owner role) or DATABASE_URL to use the TypeORM CLI');
}

// Exactly one DataSource export: the CLI refuses files with more.
export default createDataSource({ url, applicationName: 'sentinel-typeorm-cli' });
