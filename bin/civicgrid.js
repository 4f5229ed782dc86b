#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx civicgrid …` works without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/civicgrid.ts');
await runCli(process.argv);
