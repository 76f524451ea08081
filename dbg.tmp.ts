import { PrintBrowser } from './scripts/print/browser.ts';
import { serveStatic } from './test/helpers/static-server.ts';
const b = await PrintBrowser.launch({ shareable: true });
const s = await serveStatic(process.argv[2]);
const page = await (await b.current()).browser.newPage();
await page.goto(`${s.url}${process.argv[3]}`, { waitUntil: 'load' });
await page.evaluate(() => document.fonts.ready);
const session = await page.createCDPSession();
await session.send('DOM.enable'); await session.send('CSS.enable');
const { root } = await session.send('DOM.getDocument', { depth: -1 });
const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'body *' });
for (const nodeId of nodeIds) {
  const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
  if (fonts.some((f) => !f.isCustomFont)) { const { outerHTML } = await session.send('DOM.getOuterHTML', { nodeId }); console.log(JSON.stringify(fonts.map(f=>[f.postScriptName,f.glyphCount])), outerHTML.slice(0, 200)); }
}
await s.close(); await b.close();
