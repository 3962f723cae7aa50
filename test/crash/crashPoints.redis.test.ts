import { describeRedis } from '../store/support.js';
import { crashPointSuite } from './crashPoints.js';

describeRedis('on Redis', () => crashPointSuite('redis'));
