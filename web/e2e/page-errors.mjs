// Every page a browser test opens is watched: an uncaught JavaScript error or a console error fails the test it happened
// in. The one console error a healthy page shows is Chromium's own line for an HTTP 4xx answer (a slot just taken, a hold
// expired), which the app handles and shows; a 5xx answer, or anything else logged as an error, fails the test.
import assert from 'node:assert/strict';

const expectedRefusal = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

/** Creates a watcher: `watch(page, name)` listens to a page, `test` is node:test's `test` that fails on what was heard. */
export function pageErrors(nodeTest) {
  const problems = [];
  const watch = (page, name) => {
    page.on('pageerror', (e) => problems.push(`[${name}] page error: ${e.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !expectedRefusal.test(message.text())) {
        problems.push(`[${name}] console error: ${message.text()}`);
      }
    });
    return page;
  };
  const test = (name, fn) =>
    nodeTest(name, async (t) => {
      problems.length = 0;
      await fn(t);
      assert.deepEqual(problems.splice(0), [], `JavaScript errors on the page during "${name}"`);
    });
  return { watch, test };
}
