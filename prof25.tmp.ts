import { parsePhoneList } from './src/phone.js';
import { parseFreebitCommand } from './src/slack/commandText.js';
const t = ('cancel ' + '+81 9 '.repeat(7000)).slice(0, 40000);
const min = (f: () => void) => { let m = Infinity; for (let i = 0; i < 15; i++) { const s = performance.now(); f(); m = Math.min(m, performance.now() - s); } return m; };
console.log('cmd', min(() => parseFreebitCommand(t, Date.now())));
console.log('list', min(() => parsePhoneList(t.slice(7), 100)));
console.log('split', min(() => t.normalize('NFKC').trim().split(/\s+/)));
