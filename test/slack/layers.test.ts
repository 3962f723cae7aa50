import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The order of src/slack's folders is stated once, as SLACK_LAYERS in eslint.config.js; `npm run check`
// enforces it. This proves the rule catches each import that once ran back up, and lets a downward one be.
const eslint = new ESLint();

async function layerProblems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((message) => message.ruleId === 'slack/layers').map((message) => message.message);
}

describe('src/slack layers (eslint.config.js SLACK_LAYERS)', () => {
  it.each([
    ['src/slack/approvals/historyMessage.ts', "import { homeTab } from '../home/homeTab.js';\nvoid homeTab;\n"],
    ['src/slack/kit/payloads.ts', "import { numbersButton } from '../requestForms/numbersButton.js';\nvoid numbersButton;\n"],
    ['src/slack/changeForms/cancel.ts', "import { checkingView } from '../requestForms/lineCheckViews.js';\nvoid checkingView;\n"],
    ['src/slack/lineCard/lineCard.ts', "export { requestLine } from '../approvals/requestLine.js';\n"],
    ['src/slack/flows/handOver.ts', "import { readSubmission } from '../interactions/submission.js';\nvoid readSubmission;\n"],
    ['src/slack/deps.ts', "const listeners = import('./listeners/index.js');\nvoid listeners;\n"],
  ])('%s may not import upward or sideways', async (file, source) => {
    expect(await layerProblems(file, source)).toHaveLength(1);
  });

  it('lets an import run down, and within a folder', async () => {
    expect(
      await layerProblems(
        'src/slack/requestForms/lineCheckViews.ts',
        "import { changeSummary } from '../changeForms/index.js';\nimport { SHOWN } from './numbersButton.js';\nvoid changeSummary;\nvoid SHOWN;\n",
      ),
    ).toEqual([]);
  });

  it('asks a new folder for its row', async () => {
    expect(await layerProblems('src/slack/newFolder/x.ts', "import { ids } from '../kit/ids.js';\nvoid ids;\n")).toEqual([
      'newFolder has no row in SLACK_LAYERS (eslint.config.js)',
    ]);
  });
});

// As in slack-samples/bolt-ts-starter-template: listeners/<surface>/<listener>.ts holds one registered
// handler, and the surface's index.ts registers them; what listeners share lives in interactions/ and flows/.
describe('src/slack/listeners holds only registered handlers', () => {
  const listeners = join(import.meta.dirname, '..', '..', 'src', 'slack', 'listeners');
  const surfaces = readdirSync(listeners, { withFileTypes: true }).filter((entry) => entry.isDirectory());

  it.each(surfaces.map((surface) => surface.name))('%s: one handler per file, each registered by its index.ts', (surface) => {
    const folder = join(listeners, surface);
    const index = readFileSync(join(folder, 'index.ts'), 'utf8');
    for (const file of readdirSync(folder).filter((name) => name !== 'index.ts')) {
      const exported = [
        ...readFileSync(join(folder, file), 'utf8').matchAll(/^export (?:async )?(?:function|const|class|type|interface) (\w+)/gm),
      ];
      expect(
        exported.map((match) => match[1]),
        file,
      ).toHaveLength(1);
      expect(index, `${surface}/index.ts registers ${file}`).toContain(
        `import { ${exported[0]![1]} } from './${file.replace(/\.ts$/, '.js')}';`,
      );
    }
  });

  it('has only the surfaces and the index that registers them', () => {
    expect(readdirSync(listeners).filter((name) => !surfaces.some((surface) => surface.name === name))).toEqual(['index.ts']);
  });
});
