// Use the system's Chromium when there is one; download Puppeteer's own only where there is none.
const { existsSync } = require('node:fs');
const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
module.exports = { skipDownload: Boolean(system || process.env.PUPPETEER_SKIP_DOWNLOAD) };
