import { failingTenant, announcingTenant, serveBench } from './tenants';
const t = announcingTenant(120, 10);
const s = await serveBench(t.handle);
console.log(s.baseUrl);
setInterval(() => console.error(JSON.stringify({ throttled: t.throttled(), requests: t.requests(), most: t.mostUsedInAWindow() })), 2000);
setTimeout(() => process.exit(0), 10 * 60_000);
