import { describeRedis } from '../store/support.js';
import { leaseSuite } from './leases.js';

describeRedis('on Redis', () => leaseSuite('redis'));
