// axe_page.js: runs axe-core on an HTML page in headless Chromium with the
// rules Ace by DAISY runs on an EPUB's content documents, and prints every
// violation; exit 0 when there is none, 1 when there are, 2 on a failure
// to run.
//
//   node axe_page.js NODE_MODULES PAGE.html
//
// NODE_MODULES is the folder that holds Ace's install (`npm root -g`): the
// page is checked with the same axe-core build and the same Puppeteer.
// PUPPETEER_EXECUTABLE_PATH names the browser (tests/check/chromium.sh).
'use strict';
const path = require('path');

// Ace's own settings (ace-core/lib/scripts/ace-axe.js): rules about a
// whole site's navigation that an EPUB reading system provides are off.
const ACE_RULES = {
  'bypass': { enabled: false },
  'region': { enabled: false },
  'page-has-heading-one': { enabled: false },
  'landmark-complementary-is-top-level': { enabled: false },
};

async function main(root, page) {
  const from = { paths: [path.join(root, '@daisy/ace-cli')] };
  const puppeteer = require(require.resolve('puppeteer', from));
  const axeFile = require.resolve('@daisy/axe-core-for-ace/axe.min.js',
    { paths: [path.dirname(require.resolve('@daisy/ace-core/package.json', from))] });
  const browser = await puppeteer.launch({ headless: true });
  try {
    const tab = await browser.newPage();
    await tab.goto('file://' + path.resolve(page), { waitUntil: 'load' });
    await tab.addScriptTag({ path: axeFile });
    const result = await tab.evaluate(
      (rules) => window.axe.run({ rules }), ACE_RULES);
    for (const v of result.violations)
      for (const n of v.nodes)
        console.log(`${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`);
    console.log(`axe ${result.testEngine.version}: ${result.passes.length} rules passed, ` +
      `${result.violations.length} violated, ${result.incomplete.length} to review`);
    return result.violations.length ? 1 : 0;
  } finally {
    await browser.close();
  }
}

if (process.argv.length !== 4) {
  console.error('usage: node axe_page.js NODE_MODULES PAGE.html');
  process.exit(2);
}
main(process.argv[2], process.argv[3]).then(
  (code) => process.exit(code),
  (err) => { console.error(err); process.exit(2); });
