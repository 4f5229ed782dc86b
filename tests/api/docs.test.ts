import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../server/config.ts';
import { renderOpenApi } from '../support/openapi.ts';

describe('documentation stays true', () => {
  it('docs/openapi.json is the document the app serves (run `npm run openapi` after API changes)', async () => {
    expect(readFileSync('docs/openapi.json', 'utf8')).toBe(await renderOpenApi());
  });

  it('the README lists every configuration variable', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const [name] of CONFIG_VARIABLES)
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|`));
  });

  it('the README opens with exactly the two set-up commands', () => {
    const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```sh\n([^`]*)```/g)].map((m) =>
      m[1]?.trim(),
    );
    expect(blocks.slice(0, 2)).toEqual(['npm install && npm start', 'npm install && npm test']);
  });
});
