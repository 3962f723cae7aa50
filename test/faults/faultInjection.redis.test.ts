import { describeRedis } from '../store/support.js';
import { faultInjectionSuite } from './faultInjection.js';

describeRedis('on Redis', () => faultInjectionSuite('redis'));
